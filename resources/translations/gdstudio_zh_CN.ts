<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ControlsPanel</name>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="191" />
      <source>{0} training / {1} validation / {2} test</source>
      <translation>训练集 {0} / 验证集 {1} / 测试集 {2}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="198" />
      <source>MNIST, 10,000 digits (built in)</source>
      <translation>MNIST，10,000 个数字（内置）</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="199" />
      <source>Full MNIST, 70,000 digits</source>
      <translation>完整 MNIST，70,000 个数字</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="200" />
      <source>Fashion-MNIST, 70,000 images</source>
      <translation>Fashion-MNIST，70,000 张图像</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="201" />
      <source>Open folder…</source>
      <translation>打开文件夹…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="227" />
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="228" />
      <source>Gradient descent</source>
      <translation>梯度下降</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="230" />
      <source>Learning rate α</source>
      <translation>学习率 α</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="231" />
      <source>Batch size</source>
      <translation>批量大小</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="232" />
      <source>Epochs</source>
      <translation>训练轮数</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="233" />
      <source>Random seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="238" />
      <source>Learning rate on a log scale, 0.0001 to 100; used from the next step on</source>
      <translation>学习率（对数刻度，0.0001 到 100）；从下一步起生效</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="240" />
      <source>Samples averaged per step; used from the next step on</source>
      <translation>每一步平均的样本数；从下一步起生效</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="242" />
      <source>Same seed, same initial weights and batch order: Reset repeats a run</source>
      <translation>相同的种子给出相同的初始权重和批次顺序：重置可完全重现一次训练</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="244" />
      <source>Stop at validation accuracy</source>
      <translation>验证准确率达到时停止</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/controls.py" line="245" />
      <source>Stop at validation loss</source>
      <translation>验证损失降到时停止</translation>
    </message>
  </context>
  <context>
    <name>CurvesView</name>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="207" />
      <location filename="../../gdstudio/ui/curves.py" line="365" />
      <source> epoch</source>
      <translation> 轮</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="207" />
      <location filename="../../gdstudio/ui/curves.py" line="365" />
      <source> epochs</source>
      <translation> 轮</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="274" />
      <source>epoch {epoch}, step {step}: batch loss {loss}, smoothed {smoothed}</source>
      <translation>第 {epoch} 轮，第 {step} 步：批次损失 {loss}，平滑后 {smoothed}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="291" />
      <source>after epoch {epoch}: train loss {train_loss}, validation loss {valid_loss}, train accuracy {train_accuracy}, validation accuracy {valid_accuracy}</source>
      <translation>第 {epoch} 轮结束：训练损失 {train_loss}，验证损失 {valid_loss}，训练准确率 {train_accuracy}，验证准确率 {valid_accuracy}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="304" />
      <location filename="../../gdstudio/ui/curves.py" line="399" />
      <source>Point at the curves to read exact values.</source>
      <translation>将鼠标指向曲线即可读出精确数值。</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="335" />
      <source>Export curves as PNG</source>
      <translation>将曲线导出为 PNG</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="335" />
      <source>PNG image (*.png)</source>
      <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="338" />
      <source>Export curves as SVG</source>
      <translation>将曲线导出为 SVG</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="338" />
      <source>SVG image (*.svg)</source>
      <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="341" />
      <source>Export curves as CSV</source>
      <translation>将曲线导出为 CSV</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="341" />
      <source>CSV table (*.csv)</source>
      <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="355" />
      <source>&amp;Smoothing</source>
      <translation>平滑(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="357" />
      <source>Weight of the past in the moving average of the batch loss</source>
      <translation>批次损失移动平均中历史值所占的权重</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="360" />
      <source>&amp;Log y</source>
      <translation>对数纵轴(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="361" />
      <source>Logarithmic loss axis</source>
      <translation>损失轴使用对数刻度</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="362" />
      <source>Show last</source>
      <translation>显示最近</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="363" />
      <source>all epochs</source>
      <translation>全部轮次</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="367" />
      <source>Follow the newest N epochs (0 shows all)</source>
      <translation>跟随最近 N 轮（0 表示全部显示）</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="368" />
      <source>&amp;Export</source>
      <translation>导出(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="369" />
      <source>PNG…</source>
      <translation>PNG…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="370" />
      <source>SVG…</source>
      <translation>SVG…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="371" />
      <source>CSV…</source>
      <translation>CSV…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="374" />
      <location filename="../../gdstudio/ui/curves.py" line="376" />
      <source>epoch</source>
      <translation>轮次</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="375" />
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="377" />
      <source>accuracy</source>
      <translation>准确率</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="383" />
      <source>batch loss</source>
      <translation>批次损失</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="384" />
      <source>smoothed batch loss</source>
      <translation>平滑后的批次损失</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="385" />
      <source>train loss (epoch)</source>
      <translation>训练损失（每轮）</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="386" />
      <source>validation loss (epoch)</source>
      <translation>验证损失（每轮）</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="387" />
      <source>train accuracy</source>
      <translation>训练准确率</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/curves.py" line="388" />
      <source>validation accuracy</source>
      <translation>验证准确率</translation>
    </message>
  </context>
  <context>
    <name>DivergenceBanner</name>
    <message>
      <location filename="../../gdstudio/ui/divergence.py" line="72" />
      <source>Dismiss</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/divergence.py" line="78" />
      <source>Training diverged at step {0} with learning rate α = {1}</source>
      <translation>训练在第 {0} 步发散（学习率 α = {1}）</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/divergence.py" line="84" />
      <source>Training is paused. Restoring goes back to the parameters with the lowest loss so far and continues with a smaller α.</source>
      <translation>训练已暂停。恢复会回到迄今损失最低时的参数，并用更小的 α 继续。</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/divergence.py" line="89" />
      <source>Restore best parameters, α = {0}</source>
      <translation>恢复最佳参数，α = {0}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/divergence.py" line="95" />
      <source>A loss or a parameter became infinite (or NaN): the steps α·∂L/∂w were so large that the numbers overflowed. The last finite parameters were kept.</source>
      <translation>损失或某个参数变成了无穷大（或 NaN）：步长 α·∂L/∂w 太大，数值溢出了。已保留最后一组有限的参数。</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/divergence.py" line="100" />
      <source>The accuracy fell back to chance, about one in ten. α is too large: the steps threw the weights so far that the softmax saturated (one output near 1, the rest near 0), and there its gradients vanish, so the network cannot learn back.</source>
      <translation>准确率跌回了随机猜测的水平，约十分之一。α 太大：每一步都把权重推得太远，使 softmax 饱和（一个输出接近 1，其余接近 0），此时它的梯度消失，网络无法再学回来。</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/divergence.py" line="105" />
      <source>The smoothed loss rose from its best, {0}, to {1}. α is too large: each step jumps over the minimum instead of walking down to it. The weights grow until the softmax saturates (one output near 1, the rest near 0); there its gradients vanish and the loss stays high.</source>
      <translation>平滑后的损失从最低的 {0} 升到了 {1}。α 太大：每一步都越过了最小值，而不是走向它。权重不断增大，直到 softmax 饱和（一个输出接近 1，其余接近 0）；此时它的梯度消失，损失一直居高不下。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="294" />
      <source>Epoch {0} / {1}</source>
      <translation>轮次 {0} / {1}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="296" />
      <source>Step {0}</source>
      <translation>第 {0} 步</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="297" />
      <source>{0} samples/s</source>
      <translation>{0} 样本/秒</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="299" />
      <source>Loss {0}</source>
      <translation>损失 {0}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="302" />
      <source>Validation accuracy {0}</source>
      <translation>验证准确率 {0}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="312" />
      <source>Target reached at epoch {0}</source>
      <translation>第 {0} 轮达到目标</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="337" />
      <source>Save checkpoint</source>
      <translation>保存检查点</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="337" />
      <location filename="../../gdstudio/ui/main_window.py" line="349" />
      <source>Checkpoints (*.npz)</source>
      <translation>检查点 (*.npz)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="343" />
      <source>Could not save the checkpoint</source>
      <translation>无法保存检查点</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="345" />
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="349" />
      <source>Open checkpoint</source>
      <translation>打开检查点</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="355" />
      <source>Could not open the checkpoint</source>
      <translation>无法打开检查点</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="367" />
      <source>Open a folder of IDX files</source>
      <translation>打开包含 IDX 文件的文件夹</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="379" />
      <source>Could not load the data</source>
      <translation>无法加载数据</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="392" />
      <source>Downloading full MNIST (about 11 MB)…</source>
      <translation>正在下载完整的 MNIST（约 11 MB）…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="392" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="394" />
      <source>Full MNIST</source>
      <translation>完整 MNIST</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="413" />
      <source>Download failed</source>
      <translation>下载失败</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="422" />
      <location filename="../../gdstudio/ui/main_window.py" line="518" />
      <source>About GD Studio</source>
      <translation>关于 GD Studio</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="426" />
      <source>&lt;h3&gt;GD Studio {0}&lt;/h3&gt;&lt;p&gt;Watch gradient descent train a neural network on handwritten digits, one derivative at a time.&lt;/p&gt;&lt;p&gt;The MNIST digits are from the MNIST database by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, used under the Creative Commons Attribution-Share Alike 3.0 licence (CC BY-SA 3.0). Fashion-MNIST is by Zalando Research, under the MIT licence.&lt;/p&gt;</source>
      <translation>&lt;h3&gt;GD Studio {0}&lt;/h3&gt;&lt;p&gt;一个导数一个导数地观看梯度下降如何在手写数字上训练神经网络。&lt;/p&gt;&lt;p&gt;MNIST 数字来自 Yann LeCun、Corinna Cortes 和 Christopher J.C. Burges 的 MNIST 数据库，依据知识共享署名-相同方式共享 3.0 许可协议（CC BY-SA 3.0）使用。Fashion-MNIST 由 Zalando Research 提供，采用 MIT 许可证。&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="498" />
      <source>GD Studio: gradient descent, one derivative at a time</source>
      <translation>GD Studio：梯度下降，一次一个导数</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="499" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="500" />
      <source>&amp;Run</source>
      <translation>运行(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="501" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="502" />
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="503" />
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="504" />
      <source>Start / Pause</source>
      <translation>开始 / 暂停</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="505" />
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="506" />
      <source>Start training (Space starts, pauses and resumes)</source>
      <translation>开始训练（空格键：开始、暂停、继续）</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="507" />
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="508" />
      <source>Train on exactly one batch (N)</source>
      <translation>只用一个批次训练一步 (N)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="509" />
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="510" />
      <source>Reset</source>
      <translation>重置</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="511" />
      <source>Start afresh from the seed's initial weights (R)</source>
      <translation>从种子对应的初始权重重新开始 (R)</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="512" />
      <source>Save checkpoint…</source>
      <translation>保存检查点…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="513" />
      <source>Open checkpoint…</source>
      <translation>打开检查点…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="514" />
      <source>Open folder of IDX files…</source>
      <translation>打开 IDX 文件夹…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="515" />
      <source>Download full MNIST…</source>
      <translation>下载完整 MNIST…</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="516" />
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="517" />
      <source>Presentation mode</source>
      <translation>演示模式</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="519" />
      <source>Training</source>
      <translation>训练</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="520" />
      <source>Curves</source>
      <translation>曲线</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="525" />
      <source>Ready: press Space to train</source>
      <translation>就绪：按空格键开始训练</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="529" />
      <source>Resume</source>
      <translation>继续</translation>
    </message>
    <message>
      <location filename="../../gdstudio/ui/main_window.py" line="529" />
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
  </context>
</TS>
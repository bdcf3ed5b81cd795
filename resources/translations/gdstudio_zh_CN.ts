<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChainPage</name>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="282"/>
        <source>Rows sum to 0 (here ≤ {0}): adding one number to all of L1 leaves the softmax unchanged.</source>
        <extracomment>the forward pass and the loss, as this page and the step-by-step page write them</extracomment>
        <translation>每一行之和为 0（此处 ≤ {0}）：给 L1 的所有分量加上同一个数，softmax 的结果不变。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="287"/>
        <source>The tutorial says: “只有两个分量相同时才有导数” (a derivative only when the two components are the same). Not so: off the diagonal it is −s&lt;sub&gt;k&lt;/sub&gt;s&lt;sub&gt;j&lt;/sub&gt;, here up to {0} (diagonal up to {1}).</source>
        <translation>教程说：“只有两个分量相同时才有导数”。其实不然：非对角元是 −s&lt;sub&gt;k&lt;/sub&gt;s&lt;sub&gt;j&lt;/sub&gt;，这里最大为 {0}（对角元最大为 {1}）。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="293"/>
        <source>∂L1[j]/∂w1[i, j] = L0[i], the same for every j.</source>
        <translation>∂L1[j]/∂w1[i, j] = L0[i]，对每个 j 都一样。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="295"/>
        <source>The weights: column j links L0 to L1[j] (tab Weights).</source>
        <translation>即权重：第 j 列把 L0 连到 L1[j]（见“权重”页）。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="299"/>
        <source>tanh acts element by element: L0[k] depends only on input k, so the 784×784 Jacobian is 0 off its diagonal. Shown: the diagonal.</source>
        <translation>tanh 逐元素作用：L0[k] 只依赖第 k 个输入，所以这个 784×784 的雅可比矩阵除对角线外全为 0。图中只画对角线。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="328"/>
        <source>Forward pass: from the pixels to the loss</source>
        <translation>前向传播：从像素到损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="329"/>
        <source>Backward pass: the factors of the chain rule</source>
        <translation>反向传播：链式法则的各个因子</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="330"/>
        <source>The three gradients (click an entry to follow it)</source>
        <translation>三个梯度（点击某一项可单独查看）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/chain_page.py" line="335"/>
        <source>Each L1[j] moves one for one with b1[j].</source>
        <translation>每个 L1[j] 随 b1[j] 同步等量变化。</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="121"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="161"/>
        <source>squared error</source>
        <translation>平方损失函数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="161"/>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="168"/>
        <source>SGD, α = {0}</source>
        <translation>SGD，α = {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="169"/>
        <source>Adam, α = {0}</source>
        <translation>Adam，α = {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="243"/>
        <source>α = {0}</source>
        <translation>α = {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="245"/>
        <source>batch {0}</source>
        <translation>批量 {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="246"/>
        <source>seed {0}</source>
        <translation>种子 {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="394"/>
        <source>Export plots as PNG</source>
        <translation>导出图表为 PNG</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="394"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="395"/>
        <source>Export plots as SVG</source>
        <translation>导出图表为 SVG</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="395"/>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="396"/>
        <source>Export metrics as CSV</source>
        <translation>导出指标为 CSV</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="396"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="397"/>
        <source>Export the run&apos;s parameters</source>
        <translation>导出该次训练的参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="397"/>
        <source>Checkpoints (*.npz)</source>
        <translation>检查点 (*.npz)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="451"/>
        <source>froze at step {0}</source>
        <translation>第 {0} 步停滞</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="453"/>
        <source>diverged at step {0}</source>
        <translation>第 {0} 步发散</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="455"/>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="455"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="456"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="458"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="459"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="476"/>
        <source>Delete run</source>
        <translation>删除训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="477"/>
        <source>Delete the selected runs from the session</source>
        <translation>从会话中删除选中的训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="478"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="478"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_view.py" line="478"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>ComparisonControls</name>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="188"/>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="263"/>
        <source>Resume</source>
        <extracomment>what the Export menu offers, by file suffix</extracomment>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="188"/>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="263"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="229"/>
        <source>learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="229"/>
        <source>batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="229"/>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="232"/>
        <source>Va&amp;lues</source>
        <translation>取值(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="233"/>
        <source>2 to 6 different values, separated by commas</source>
        <translation>2 到 6 个不同的值，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="228"/>
        <source>Var&amp;y</source>
        <translation>变化的设置(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="234"/>
        <source>α r&amp;ace</source>
        <translation>α 竞赛(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="236"/>
        <source>Race α = 0.1, 1, 10 and 30: slow, good, unstable and saturated</source>
        <translation>让 α = 0.1、1、10 和 30 同场比赛：太慢、良好、不稳定、饱和</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="238"/>
        <source>Squared vs cross-entropy</source>
        <translation>平方损失函数 vs 交叉熵</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="241"/>
        <source>Two runs of the chosen network, one with the squared error and one with cross-entropy; everything else (α, batch, seed, epochs below) the same</source>
        <translation>用所选网络训练两次，一次用平方损失函数，一次用交叉熵；其余设置（下面的 α、批量大小、种子、轮数）完全相同</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="245"/>
        <source>SGD vs Adam</source>
        <translation>SGD vs Adam</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="248"/>
        <source>Two runs of the chosen network: plain gradient descent with the α below, and Adam with α = {0}; everything else the same</source>
        <translation>用所选网络训练两次：一次是下面 α 的普通梯度下降，一次是 α = {0} 的 Adam；其余设置完全相同</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="252"/>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="253"/>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="254"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="255"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="256"/>
        <source>Run comparison</source>
        <translation>开始对比</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="259"/>
        <source>Train the runs set above together, one step each in turn. The main run is another: the training panel&apos;s Start and Space drive it</source>
        <translation>同时训练上面设置的几组对比，轮流各走一步。主训练是另一回事：由训练面板的“开始”按钮和空格键控制</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="264"/>
        <source>Pause or resume the comparison (not the main run)</source>
        <translation>暂停或继续对比（不影响主训练）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="265"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="266"/>
        <source>End the comparison (not the main run)</source>
        <translation>结束对比（不影响主训练）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="267"/>
        <source>Pace</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="268"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="270"/>
        <source>Plots as PNG…</source>
        <translation>图表为 PNG…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="271"/>
        <source>Plots as SVG…</source>
        <translation>图表为 SVG…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="272"/>
        <source>Metrics as CSV…</source>
        <translation>指标为 CSV…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_controls.py" line="273"/>
        <source>Selected run&apos;s parameters (.npz)…</source>
        <translation>选中训练的参数 (.npz)…</translation>
    </message>
</context>
<context>
    <name>ControlsPanel</name>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="270"/>
        <source>{0} training / {1} validation / {2} test</source>
        <extracomment>a preset or another network was chosen: (ModelConfig, TrainConfig); reset to use them</extracomment>
        <translation>训练集 {0} / 验证集 {1} / 测试集 {2}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="277"/>
        <source>MNIST, 10,000 digits (built in)</source>
        <translation>MNIST，10,000 个数字（内置）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="278"/>
        <source>Full MNIST, 70,000 digits</source>
        <translation>完整 MNIST，70,000 个数字</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="279"/>
        <source>Fashion-MNIST, 70,000 images</source>
        <translation>Fashion-MNIST，70,000 张图像</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="280"/>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="309"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="310"/>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="312"/>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="313"/>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="314"/>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="315"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="320"/>
        <source>Learning rate on a log scale, 0.0001 to 100; used from the next step on</source>
        <translation>学习率（对数刻度，0.0001 到 100）；从下一步起生效</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="322"/>
        <source>Samples averaged per step; used from the next step on</source>
        <translation>每一步平均的样本数；从下一步起生效</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="323"/>
        <source>Used by the next run: Reset (R) or let this run finish to change it</source>
        <translation>下一次训练才会使用：按重置 (R) 或等本次训练结束后再修改</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="328"/>
        <source>Same seed, same initial weights and batch order: Reset repeats a run</source>
        <translation>相同的种子给出相同的初始权重和批量顺序：重置可完全重现一次训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="330"/>
        <source>Pace</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="331"/>
        <source>Stop at validation accuracy</source>
        <translation>验证准确率达到时停止</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/controls.py" line="332"/>
        <source>Stop at validation loss</source>
        <translation>验证损失降到设定值时停止</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="190"/>
        <location filename="../../gdstudio/ui/training/curves.py" line="303"/>
        <source> epoch</source>
        <extracomment>the two plots and their items: public, so that what is drawn can be read (the tests do)</extracomment>
        <translation> 轮</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="190"/>
        <location filename="../../gdstudio/ui/training/curves.py" line="303"/>
        <source> epochs</source>
        <translation> 轮</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="227"/>
        <source>epoch {epoch}, step {step}: batch loss {loss}, smoothed {smoothed}</source>
        <translation>第 {epoch} 轮，第 {step} 步：批量损失 {loss}，平滑后 {smoothed}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="242"/>
        <source>after epoch {epoch}: train loss {train_loss}, validation loss {valid_loss}, train accuracy {train_accuracy}, validation accuracy {valid_accuracy}</source>
        <translation>第 {epoch} 轮结束：训练损失 {train_loss}，验证损失 {valid_loss}，训练准确率 {train_accuracy}，验证准确率 {valid_accuracy}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="255"/>
        <location filename="../../gdstudio/ui/training/curves.py" line="325"/>
        <source>Point at the curves to read their values.</source>
        <translation>将鼠标指向曲线即可读出数值。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="273"/>
        <source>Export curves as PNG</source>
        <translation>将曲线导出为 PNG</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="273"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="276"/>
        <source>Export curves as SVG</source>
        <translation>将曲线导出为 SVG</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="276"/>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="279"/>
        <source>Export curves as CSV</source>
        <translation>将曲线导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="279"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="293"/>
        <source>&amp;Smoothing</source>
        <translation>平滑(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="295"/>
        <source>Weight of the past in the moving average of the batch loss</source>
        <translation>批量损失移动平均中历史值所占的权重</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="298"/>
        <source>Log &amp;y</source>
        <translation>对数纵轴(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="299"/>
        <source>Logarithmic loss axis</source>
        <translation>损失轴使用对数刻度</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="300"/>
        <source>Show last</source>
        <translation>显示最近</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="301"/>
        <source>all epochs</source>
        <translation>全部轮次</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="305"/>
        <source>Follow the newest N epochs (0 shows all)</source>
        <translation>跟随最近 N 轮（0 表示全部显示）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="306"/>
        <source>Fi&amp;t</source>
        <translation>适应窗口(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="308"/>
        <source>Fit the curves into view again, after zooming or panning with the mouse</source>
        <translation>用鼠标缩放或平移之后，让曲线重新完整显示</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="310"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="311"/>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="312"/>
        <source>SVG…</source>
        <translation>SVG…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="313"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="322"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="322"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="322"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="315"/>
        <source>batch loss</source>
        <translation>批量损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="316"/>
        <source>smoothed batch loss</source>
        <translation>平滑后的批量损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="317"/>
        <source>train loss (epoch)</source>
        <translation>训练损失（每轮）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="318"/>
        <source>validation loss (epoch)</source>
        <translation>验证损失（每轮）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="319"/>
        <source>train accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/curves.py" line="320"/>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="154"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="322"/>
        <source>Page {0} / {1}</source>
        <translation>第 {0} / {1} 页</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="327"/>
        <source>Waiting for the network&apos;s answers…</source>
        <translation>正在等待网络的回答…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="329"/>
        <source>{0} samples</source>
        <translation>{0} 个样本</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="351"/>
        <source>Training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="352"/>
        <source>Validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="353"/>
        <source>Test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="359"/>
        <source>All digits</source>
        <translation>全部数字</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="361"/>
        <source>Digit {0}</source>
        <translation>数字 {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="363"/>
        <source>All samples</source>
        <translation>全部样本</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="364"/>
        <source>Misclassified</source>
        <translation>分类错误的</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="365"/>
        <source>Most confident mistakes</source>
        <translation>最自信的错误</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="366"/>
        <source>Least confident</source>
        <translation>最不自信的</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="371"/>
        <source>True {0}, predicted {1}  ✕</source>
        <translation>真实 {0}，预测 {1}  ✕</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="372"/>
        <source>Show every sample again</source>
        <translation>重新显示全部样本</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="374"/>
        <source>No digits here: the network answered {1} for no {0}.</source>
        <translation>这里没有数字：网络从未把 {0} 答成 {1}。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="377"/>
        <source>No digits here</source>
        <translation>这里没有数字</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="384"/>
        <source>Confusion matrix of the validation set: {0} right of {1} ({2}). Click a cell to see its digits.</source>
        <translation>验证集的混淆矩阵：{1} 个中对了 {0} 个（{2}）。点击一个格子查看其中的数字。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="389"/>
        <source>Confusion matrix of the validation set</source>
        <translation>验证集的混淆矩阵</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="390"/>
        <source>true digit</source>
        <translation>真实数字</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/data_view.py" line="390"/>
        <source>the network&apos;s answer</source>
        <translation>网络的回答</translation>
    </message>
</context>
<context>
    <name>DerivationView</name>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="120"/>
        <source>Derivation</source>
        <extracomment>the least time between two refreshes driven by training frames</extracomment>
        <translation>推导</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="249"/>
        <source>Back to {0} [{1}]</source>
        <translation>回到{0} [{1}]</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="255"/>
        <source>Waiting for data and parameters…</source>
        <translation>正在等待数据和参数…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="260"/>
        <source>label {0} (green outline), prediction {1} (orange, p = {2}), loss L = {3}</source>
        <translation>标签 {0}（绿框），预测 {1}（橙框，p = {2}），损失 L = {3}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="265"/>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="267"/>
        <source>training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="267"/>
        <source>validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="267"/>
        <source>test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="270"/>
        <source>the digit drawn in the Draw tab,</source>
        <translation>在“手写”页画的数字，</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="271"/>
        <source>meant as</source>
        <translation>想写的是</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="273"/>
        <source>Chain rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="273"/>
        <source>One parameter</source>
        <translation>单个参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/derivation_view.py" line="273"/>
        <source>Step by step</source>
        <translation>逐步演示</translation>
    </message>
</context>
<context>
    <name>DivergenceBanner</name>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="72"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="78"/>
        <source>Training froze at step {0} with learning rate α = {1}</source>
        <translation>训练在第 {0} 步停滞（学习率 α = {1}）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="80"/>
        <source>Training diverged at step {0} with learning rate α = {1}</source>
        <translation>训练在第 {0} 步发散（学习率 α = {1}）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="86"/>
        <source>Training is paused. The button goes back to the parameters with the lowest loss so far and continues training with α = {0} if a trial of 40 steps from there shows it stable, otherwise with a tenth or a hundredth of it.</source>
        <translation>训练已暂停。按钮会回到目前损失最低的参数，并继续训练：如果从那里试训 40 步表明 α = {0} 是稳定的，就用它，否则用它的十分之一或百分之一。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="91"/>
        <source>Restore best parameters and continue</source>
        <translation>恢复最佳参数并继续</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="101"/>
        <source>Nothing became infinite: the first steps were so large that the softmax saturated. For {0} of the samples in the batch one output is exactly 1.0 in float32, the numbers training uses, and it is the wrong class. There the softmax&apos;s derivative diag(s) − s·sᵀ is almost zero (10⁻¹⁴ or less), so under the squared loss these samples give steps α·∂L/∂w far too small to change a float32 weight: most weights stop changing, the loss stays flat near its maximum and the accuracy near chance. α is too large.</source>
        <translation>没有任何数变成无穷大：最初几步太大，softmax 饱和了。批量中 {0} 的样本有一个输出在 float32（训练所用的数）里恰好等于 1.0，而且是错误的类别。在那里 softmax 的偏导 diag(s) − s·sᵀ 几乎为 0（10⁻¹⁴ 或更小），所以在平方损失函数下，这些样本给出的步长 α·∂L/∂w 小到无法改变 float32 的权重：大多数权重不再变化，损失停在接近最大值的地方，准确率接近瞎猜。α 太大了。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="111"/>
        <source>The accuracy fell back to chance, about one in ten. α is too large: the steps threw the weights so far that the network no longer tells the classes apart.</source>
        <translation>准确率跌回瞎猜的水平，大约十分之一。α 太大：步子把权重扔得太远，网络已经分不清各个类别。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="116"/>
        <source>The smoothed loss stayed far above its best, {0}, for 50 steps and is now {1}. α is too large: each step jumps over the minimum instead of walking down to it.</source>
        <translation>平滑后的损失连续 50 步远高于它的最佳值 {0}，现在是 {1}。α 太大：每一步都跨过了最低点，而不是走下去。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/divergence.py" line="96"/>
        <source>A loss or a parameter became infinite (or NaN): the steps α·∂L/∂w were so large that the numbers overflowed. The last finite parameters were kept.</source>
        <translation>损失或某个参数变成了无穷大（或 NaN）：步长 α·∂L/∂w 太大，数值溢出了。已保留最后一组有限的参数。</translation>
    </message>
</context>
<context>
    <name>DrawView</name>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="120"/>
        <source>Draw</source>
        <translation>手写</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="239"/>
        <source>Draw a digit with the mouse:</source>
        <translation>用鼠标写一个数字：</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="240"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="241"/>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="257"/>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="261"/>
        <source>Why?</source>
        <translation>为什么？</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="242"/>
        <source>What the network sees (28×28)</source>
        <translation>网络看到的输入（28×28）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="243"/>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="246"/>
        <source>Waiting for the network…</source>
        <translation>正在等待网络…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="248"/>
        <source>Draw a digit to see what the network says.</source>
        <translation>写一个数字，看看网络怎么说。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="252"/>
        <source>The network says {0} ({1} sure)</source>
        <translation>网络认为是 {0}（把握 {1}）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="264"/>
        <source>This network reads the pixels through its {0} hidden units, so no pixel&apos;s push toward a digit can be told apart from the others&apos;: “Why?” is shown for the tutorial&apos;s network and for softmax regression.</source>
        <translation>这个网络通过它的 {0} 个隐藏单元读取像素，因此无法把单个像素对某个数字的推动与其他像素的区分开：“为什么？”只对教程的网络和 softmax 回归显示。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="275"/>
        <source>Why {0}? L0 ⊙ w1[:, {0}]</source>
        <translation>为什么是 {0}？L0 ⊙ w1[:, {0}]</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="278"/>
        <source>Each pixel&apos;s L0 · w1[:, {0}], with L0 = tanh(x + b0). Red pixels pushed the score of {0} up, blue ones pushed it down. Their sum {1} plus b1[{0}] = {2} is the score L1[{0}] = {3}; the softmax turns the ten scores into probabilities.</source>
        <translation>每个像素的 L0 · w1[:, {0}]，其中 L0 = tanh(x + b0)。红色像素把 {0} 的得分往上推，蓝色像素往下拉。它们的和 {1} 加上 b1[{0}] = {2}，就是得分 L1[{0}] = {3}；softmax 再把十个得分变成概率。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="286"/>
        <source>Why {0}? {1} ⊙ w1[:, {0}]</source>
        <translation>为什么是 {0}？{1} ⊙ w1[:, {0}]</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/draw_view.py" line="289"/>
        <source>Each pixel&apos;s {4} · w1[:, {0}]. Red pixels pushed the score of {0} up, blue ones pushed it down. Their sum {1} plus b1[{0}] = {2} is the score of {0}, {3}; the softmax turns the ten scores into probabilities.</source>
        <translation>每个像素的 {4} · w1[:, {0}]。红色像素把 {0} 的得分往上推，蓝色像素往下拉。它们的和 {1} 加上 b1[{0}] = {2}，就是 {0} 的得分 {3}；softmax 再把十个得分变成概率。</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../gdstudio/ui/window/error_report.py" line="55"/>
        <source>Something went wrong inside GD Studio, and the last action may not have been completed:

{0}</source>
        <translation>GD Studio 内部出错，刚才的操作可能没有完成：

{0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/error_report.py" line="59"/>
        <source>({0} more errors followed.)</source>
        <translation>（之后还有 {0} 个错误。）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/error_report.py" line="61"/>
        <source>The full report was printed to the terminal; please include it if you report the problem.</source>
        <translation>完整的报告已输出到终端；报告问题时请附上它。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/error_report.py" line="65"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>ExportButton</name>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="48"/>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="61"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="65"/>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 数组 (*.npy)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="65"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="71"/>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="80"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="77"/>
        <source>Could not export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="81"/>
        <source>Image as PNG…</source>
        <translation>图像另存为 PNG…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="83"/>
        <source>Image as SVG…</source>
        <translation>图像另存为 SVG…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="85"/>
        <source>{0} as .npy…</source>
        <translation>{0} 另存为 .npy…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/widgets/export_button.py" line="85"/>
        <source>{0} as CSV…</source>
        <translation>{0} 另存为 CSV…</translation>
    </message>
</context>
<context>
    <name>GradcheckView</name>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="170"/>
        <source>Gradient check</source>
        <extracomment>the first row when the chosen parameter is not one of the network&apos;s (every network has it) a full check passes when every group is this close to finite differences (group-relative)</extracomment>
        <translation>梯度检验</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="315"/>
        <source>Waiting for data and parameters…</source>
        <translation>正在等待数据和参数…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="320"/>
        <source>{0} of {1} entries pass on both paths at h = {2} (relative error ≤ {3}). Row 1 is the chosen parameter; the others are {4} random entries of each group.</source>
        <translation>h = {2} 时，{1} 项中有 {0} 项在两条路径上都通过（相对误差 ≤ {3}）。第 1 行是选中的参数，其余是每组随机抽取的 {4} 项。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="344"/>
        <source>Relative error against h for {0}</source>
        <translation>{0} 的相对误差随 h 的变化</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="353"/>
        <source>Checking all {0} parameters in the background…</source>
        <translation>正在后台检验全部 {0} 个参数…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="366"/>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="366"/>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="369"/>
        <source>All parameters, relative to each group&apos;s largest gradient:</source>
        <translation>全部参数（相对于每组最大的梯度）：</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="372"/>
        <source>Jacobian path vs fast path: {0}</source>
        <translation>雅可比路径与快速路径之差：{0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="378"/>
        <source>the drawn digit (checked against the network&apos;s answer)</source>
        <translation>手写的数字（以网络自己的答案作标签）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="382"/>
        <source>training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="383"/>
        <source>validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="384"/>
        <source>test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="386"/>
        <source>{0}, sample {1}</source>
        <translation>{0}第 {1} 个样本</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="387"/>
        <source>Sample: {0}</source>
        <translation>样本：{0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="432"/>
        <source>Step h =</source>
        <translation>差分间隔 h =</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="434"/>
        <source>New random entries</source>
        <translation>重新随机抽取</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="436"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="436"/>
        <source>Check all parameters</source>
        <translation>检验全部参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="440"/>
        <source>parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="441"/>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="451"/>
        <source>Jacobian path</source>
        <translation>雅可比路径</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="442"/>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="452"/>
        <source>fast path</source>
        <translation>快速路径</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="443"/>
        <source>central difference</source>
        <translation>中心差分</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="444"/>
        <source>error (Jacobian)</source>
        <translation>误差（雅可比）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="445"/>
        <source>error (fast)</source>
        <translation>误差（快速）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="448"/>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="449"/>
        <source>relative error</source>
        <translation>相对误差</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="453"/>
        <source>∝ h² (truncation)</source>
        <translation>∝ h²（截断误差）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="454"/>
        <source>∝ 1/h (rounding)</source>
        <translation>∝ 1/h（舍入误差）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/gradcheck_view.py" line="457"/>
        <source>Too large an h: the central difference is off by about h²·L‴/6 (truncation), the slope-2 line on the left. Too small an h: L(w + h) and L(w − h) agree in almost all their digits, and their rounding errors (about 10⁻¹⁶·L each) divided by 2h grow like 1/h, the line on the right. The best h is near 10⁻⁵, where both are small.</source>
        <translation>h 太大：中心差分偏离约 h²·L‴/6（截断误差），即左边斜率为 2 的直线。h 太小：L(w + h) 与 L(w − h) 几乎每一位都相同，二者的舍入误差（各约 10⁻¹⁶·L）除以 2h 后按 1/h 增长，即右边的直线。最好的 h 在 10⁻⁵ 附近，两种误差都小。</translation>
    </message>
</context>
<context>
    <name>LayerChainPage</name>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="76"/>
        <source>Waiting for data and parameters…</source>
        <extracomment>entries of a long vector printed before &quot;…&quot;</extracomment>
        <translation>等待数据和参数…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="86"/>
        <source>loss L</source>
        <translation>损失 L</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="87"/>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="88"/>
        <source>∂L/∂output</source>
        <translation>∂L/∂output</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="90"/>
        <source>Loss: {0}</source>
        <translation>损失：{0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="97"/>
        <source>With cross-entropy after the softmax, ∂L/∂output = −y / output, and the softmax Jacobian diag(s) − s·sᵀ turns it into simply ∂L/∂z = output − y for the softmax&apos;s input z (the tutorial&apos;s L1): below, the last row, computed through the Jacobian, is the first minus the second.</source>
        <translation>softmax 之后用交叉熵时，∂L/∂output = −y / output，而 softmax 的雅可比矩阵 diag(s) − s·sᵀ 把它化为简单的 ∂L/∂z = output − y，z 是 softmax 的输入（即教程中的 L1）：下面最后一行是经雅可比矩阵算出的，正好等于第一行减第二行。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="106"/>
        <source>output</source>
        <translation>输出 output</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="107"/>
        <source>y (one-hot)</source>
        <translation>y（独热）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="108"/>
        <source>∂L/∂z, the softmax&apos;s input</source>
        <translation>∂L/∂z，z 为 softmax 的输入</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="116"/>
        <source>Layer {0} of {1}: z = {2}, a = {3}(z)</source>
        <translation>第 {0} 层（共 {1} 层）：z = {2}，a = {3}(z)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="120"/>
        <source>diagonal of ∂a/∂z ({0}′(z), the rest is 0)</source>
        <translation>∂a/∂z 的对角线（{0}′(z)，其余为 0）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="125"/>
        <source>∂a/∂z = diag(s) − s·sᵀ (softmax Jacobian)</source>
        <translation>∂a/∂z = diag(s) − s·sᵀ（softmax 雅可比矩阵）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="128"/>
        <source>∂L/∂a (from above)</source>
        <translation>∂L/∂a（来自后一层，靠近输出）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="130"/>
        <source>∂L/∂z = Jᵀ·∂L/∂a</source>
        <translation>∂L/∂z = Jᵀ·∂L/∂a</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="148"/>
        <source>squared error Σ (y − output)²</source>
        <translation>平方损失函数 Σ (y − output)²</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="149"/>
        <source>cross-entropy −log output[label]</source>
        <translation>交叉熵 −log output[label]</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/layer_chain_page.py" line="155"/>
        <source>The detailed pages show the tutorial&apos;s network (tanh, squared error). For this network, here is the chain rule one layer at a time, from the loss back to the input, with the numbers of the sample shown.</source>
        <translation>详细的推导页面展示的是教程的网络（tanh、平方损失函数）。对当前这个网络，这里逐层列出链式法则：从损失一直回到输入，数字来自所显示的样本。</translation>
    </message>
</context>
<context>
    <name>LessonsView</name>
    <message>
        <location filename="../../gdstudio/ui/window/lessons_view.py" line="102"/>
        <source>Set this up</source>
        <translation>按本课设置</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/lessons_view.py" line="104"/>
        <source>Put the app in this lesson&apos;s state: data, network, α, seed, epochs and tab</source>
        <translation>把程序调成这一课的状态：数据、网络、α、随机种子、训练轮数和页面</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/lessons_view.py" line="113"/>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/lessons_view.py" line="113"/>
        <source>Show answer</source>
        <translation>显示答案</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/lessons_view.py" line="113"/>
        <source>Hide answer</source>
        <translation>隐藏答案</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="410"/>
        <source>Target reached at epoch {0}</source>
        <translation>第 {0} 轮达到目标</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="433"/>
        <source>Restored the best parameters; training continues with α = {0}, which trained 40 steps from there without a warning.</source>
        <translation>已恢复最佳参数；训练以 α = {0} 继续，它从那里试训 40 步没有出现警告。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="438"/>
        <source>Restored the best parameters and paused: no smaller α trained stably from there. Try a much smaller α, or Reset.</source>
        <translation>已恢复最佳参数并暂停：从那里没有哪个更小的 α 能稳定训练。请试一个小得多的 α，或者重置。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="447"/>
        <source>Changing the network</source>
        <translation>更换网络</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="467"/>
        <source>GD Studio: gradient descent, one derivative at a time</source>
        <translation>GD Studio：一个偏导一个偏导地看梯度下降</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="243"/>
        <source>Reset</source>
        <extracomment>the fastest the views follow training: 25 frames a second look smooth, and every millisecond the GUI thread spends drawing is taken from training (Python&apos;s GIL)</extracomment>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/discard.py" line="22"/>
        <source>Discard the current run?</source>
        <translation>放弃当前的训练？</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/discard.py" line="23"/>
        <source>The current run ({0} steps, epoch {1}) has not been saved. {2} discards it.</source>
        <translation>当前的训练（{0} 步，第 {1} 轮）尚未保存。{2}会放弃它。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/discard.py" line="31"/>
        <source>Discard and continue</source>
        <translation>放弃并继续</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="470"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="471"/>
        <source>Training panel</source>
        <translation>训练面板</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/main_window.py" line="472"/>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
</context>
<context>
    <name>NetworkGroup</name>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="216"/>
        <source>He uniform for the ReLU layer, Xavier/Glorot for the output layer</source>
        <extracomment>the preset box&apos;s entry when the fields match no preset the optimizer settings a preset fixes (the rest of TrainConfig stays the user&apos;s) ... and the ones it fills in as a starting point the user changed the network: the new ModelConfig (a reset is needed to use it) the user chose a preset: its name (its training settings are in `apply_to`) the form&apos;s rows, each shown by the widget `self._&lt;row&gt;`</extracomment>
        <translation>ReLU 层用 He 均匀初始化，输出层用 Xavier/Glorot</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="218"/>
        <source>Xavier/Glorot uniform, which suits {0}</source>
        <translation>Xavier/Glorot 均匀初始化，适合 {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="222"/>
        <source>Xavier/Glorot uniform</source>
        <translation>Xavier/Glorot 均匀初始化</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="223"/>
        <source>Initialisation: {0}; biases start at 0</source>
        <translation>初始化：{0}；偏置从 0 开始</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="226"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="228"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="229"/>
        <source>Architecture</source>
        <translation>结构</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="230"/>
        <source>Hidden units</source>
        <translation>隐藏单元数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="231"/>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="232"/>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="233"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="234"/>
        <source>L2 weight decay</source>
        <translation>L2 权重衰减</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="235"/>
        <source>α schedule</source>
        <translation>α 调度</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="236"/>
        <source>Step every (epochs)</source>
        <translation>每隔几轮降一次</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="242"/>
        <source>The tutorial&apos;s network</source>
        <translation>教程的网络</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="243"/>
        <source>Softmax regression</source>
        <translation>Softmax 回归</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="244"/>
        <source>MLP 784-100-10</source>
        <translation>多层感知机 784-100-10</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="245"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="248"/>
        <source>tanh(x + b0), then softmax (tutorial)</source>
        <translation>tanh(x + b0)，再 softmax（教程）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="249"/>
        <source>softmax(x·w1 + b1) (no hidden layer)</source>
        <translation>softmax(x·w1 + b1)（无隐藏层）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="250"/>
        <source>One hidden layer 784-H-10</source>
        <translation>一个隐藏层 784-H-10</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="253"/>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="254"/>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="255"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="258"/>
        <source>Squared error (tutorial)</source>
        <translation>平方损失函数（教程）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="259"/>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="263"/>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="264"/>
        <source>step (×0.1)</source>
        <translation>阶梯（×0.1）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="265"/>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="273"/>
        <source>Choosing a preset fills the network and optimizer settings and resets the run</source>
        <translation>选择预设会填好网络和优化器设置，并重置训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="275"/>
        <source>Units in the hidden layer (16 to 512)</source>
        <translation>隐藏层的单元数（16 到 512）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="277"/>
        <source>Adds decay × w to every parameter&apos;s gradient (L2 regularisation)</source>
        <translation>给每个参数的梯度加上 衰减系数 × w（L2 正则化）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/network_controls.py" line="279"/>
        <source>Used from the next reset</source>
        <translation>下次重置时生效</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="93"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="94"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="95"/>
        <source>Half-span</source>
        <translation>半宽</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="96"/>
        <source>Recompute around the current values</source>
        <translation>围绕当前取值重新计算</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="97"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="98"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="98"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="100"/>
        <source>A batch (100 training samples)</source>
        <translation>一个批量（100 个训练样本）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="101"/>
        <source>Validation (1,000 samples)</source>
        <translation>验证集（1,000 个样本）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="102"/>
        <source>The whole training split</source>
        <translation>整个训练集</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_network_page.py" line="132"/>
        <source>Could not compute the surface: {0}</source>
        <translation>无法计算曲面：{0}</translation>
    </message>
</context>
<context>
    <name>OptimizerNames</name>
    <message>
        <location filename="../../gdstudio/ui/training/optimizer_names.py" line="13"/>
        <source>gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/optimizer_names.py" line="14"/>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/optimizer_names.py" line="15"/>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/optimizer_names.py" line="16"/>
        <source>AdaGrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/optimizer_names.py" line="17"/>
        <source>RMSProp</source>
        <translation>RMSProp</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/optimizer_names.py" line="18"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
</context>
<context>
    <name>PaceBox</name>
    <message>
        <location filename="../../gdstudio/ui/training/pace_box.py" line="51"/>
        <source>As fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/pace_box.py" line="53"/>
        <source>1 step/s</source>
        <translation>每秒 1 步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/pace_box.py" line="54"/>
        <source>{0} steps/s</source>
        <translation>每秒 {0} 步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/pace_box.py" line="61"/>
        <source>Steps per second: slow the run down to watch every step. Pause, Stop and Reset act at once at any pace, and the numbers are the same at every pace</source>
        <translation>每秒走几步：放慢训练，看清每一步。任何速度下，暂停、停止和重置都立即生效，算出的数字也完全相同</translation>
    </message>
</context>
<context>
    <name>PairPage</name>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="156"/>
        <source>Computing…</source>
        <extracomment>&quot;Descend on these two&quot;: one scalar&apos;s gradient is small, so ten times the tutorial&apos;s alpha reaches the valley of the default pair (w1[407, 3], b1[3]) after one epoch in 100 steps</extracomment>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="240"/>
        <source>Loss at the current values: {0} over {1} samples.</source>
        <translation>当前取值处的损失：{0}（{1} 个样本）。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="243"/>
        <source>Gradient: ∂L/∂{0} = {1}, ∂L/∂{2} = {3}.</source>
        <translation>梯度：∂L/∂{0} = {1}，∂L/∂{2} = {3}。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="246"/>
        <source>Half-span {0}; the surface was computed at step {1}.</source>
        <translation>半宽 {0}；曲面在第 {1} 步时计算。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="249"/>
        <source>Click the surface to descend on these two from there.</source>
        <translation>点击曲面，即可从该处对这两个参数做梯度下降。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="256"/>
        <source>The descent diverged after {0} steps: α is too large for these two.</source>
        <translation>下降在 {0} 步后发散：对这两个参数而言 α 太大。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="261"/>
        <source>After {0} steps of α = {1}: loss {2}.</source>
        <translation>以 α = {1} 走 {0} 步后：损失 {2}。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="272"/>
        <source>descent on these two</source>
        <translation>只沿这两个参数的梯度下降</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="277"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="293"/>
        <source>the two parameters must differ</source>
        <translation>两个参数必须不同</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="295"/>
        <source>Cannot use these parameters: {0}</source>
        <translation>无法使用这些参数：{0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="325"/>
        <source>the trainer&apos;s own batch of {0} samples at step {1}</source>
        <translation>训练器自己在第 {1} 步用的批量（{0} 个样本）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="329"/>
        <source>the data chosen above (training has not taken a step yet)</source>
        <translation>上面选择的数据（训练还没有走一步）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="332"/>
        <source>Following training: the surface is recomputed around the current parameters over {0}, whenever the last one is done. All the other parameters move too, so each earlier point of the path lay on a slightly different surface: the path is the run&apos;s values of these two, projected onto the current surface.</source>
        <translation>跟随训练：每当上一次计算完成，就在当前参数周围、基于{0}重新计算曲面。其他所有参数也在变化，所以路径上较早的每个点原本位于一个略有不同的曲面上：这条路径是本次训练中这两个参数的取值，投影到当前曲面上。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="340"/>
        <source>First parameter</source>
        <translation>第一个参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="341"/>
        <source>Second parameter</source>
        <translation>第二个参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="342"/>
        <source>Weight clicks set</source>
        <translation>点击权重设置</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="343"/>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="344"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="345"/>
        <source>the first</source>
        <translation>第一个</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="346"/>
        <source>the second</source>
        <translation>第二个</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="347"/>
        <source>e.g. {0} or {1}</source>
        <translation>例如 {0} 或 {1}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="350"/>
        <source>auto (from the gradient)</source>
        <translation>自动（由梯度决定）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="352"/>
        <source>Descend on these two</source>
        <translation>只沿这两个参数做梯度下降</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="353"/>
        <source>Follow training</source>
        <translation>跟随训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_pair_page.py" line="356"/>
        <source>While the whole network trains, every other parameter moves too, so the surface under the training path drifts: the picture is the loss at the step it was computed at. Recompute to redraw it around the current values.</source>
        <translation>整个网络训练时，其他参数也在变化，所以训练路径下的曲面会漂移：图中是计算时那一步的损失。重新计算即可围绕当前取值重画。</translation>
    </message>
</context>
<context>
    <name>ParameterChainPanel</name>
    <message>
        <location filename="../../gdstudio/ui/derivation/parameter_chain_panel.py" line="190"/>
        <location filename="../../gdstudio/ui/derivation/parameter_chain_panel.py" line="216"/>
        <source>term</source>
        <translation>项</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/parameter_chain_panel.py" line="193"/>
        <source>fast path</source>
        <translation>快速路径</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/parameter_chain_panel.py" line="193"/>
        <source>difference</source>
        <translation>差</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/parameter_chain_panel.py" line="211"/>
        <source>Each ∂L/∂L1[j] is itself a sum over k (the same as ∂L/∂b1[j]). The largest term, j = {0}, expanded:</source>
        <translation>每个 ∂L/∂L1[j] 本身又是对 k 的求和（与 ∂L/∂b1[j] 相同）。展开最大的一项 j = {0}：</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/parameter_chain_panel.py" line="221"/>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/parameter_chain_panel.py" line="224"/>
        <source>The chain rule for one parameter: one term per index of the sum, each the product of the factors on the Chain rule page. Their sum is the gradient that training (the fast path) computes.</source>
        <translation>单个参数上的链式法则：求和的每个下标对应一项，每一项都是“链式法则”页上各因子的乘积。各项之和就是训练时（快速路径）算出的梯度。</translation>
    </message>
</context>
<context>
    <name>PlanePage</name>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="104"/>
        <source>Computing…</source>
        <extracomment>snapshots kept of the training trajectory; when full, every other one is dropped</extracomment>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="132"/>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="136"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="145"/>
        <source>PC 1 ({0} of the variance)</source>
        <translation>主成分 1（占方差 {0}）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="146"/>
        <source>PC 2 ({0} of the variance)</source>
        <translation>主成分 2（占方差 {0}）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="149"/>
        <source>direction 1</source>
        <translation>方向 1</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="149"/>
        <source>direction 2</source>
        <translation>方向 2</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="152"/>
        <source>{0} snapshots of the trajectory recorded.</source>
        <translation>已记录轨迹快照 {0} 个。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="157"/>
        <source>Train for a few steps first: the principal components need a recorded trajectory.</source>
        <translation>请先训练几步：主成分需要一条已记录的轨迹。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="165"/>
        <source>The first two principal components explain {0} and {1} of the trajectory&apos;s variance; the plane passes through the current parameters (0, 0).</source>
        <translation>前两个主成分分别解释轨迹方差的 {0} 和 {1}；平面经过当前参数 (0, 0)。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="173"/>
        <source>Two random directions, each group ({0}) scaled to the size of the same group of the parameters (Li et al. 2018).</source>
        <translation>两个随机方向，每组（{0}）缩放到参数中同一组的大小（Li 等，2018）。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="178"/>
        <source>Computed at step {0}.</source>
        <translation>在第 {0} 步时计算。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="185"/>
        <source>each column of {0}</source>
        <translation>{0} 的每一列</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="188"/>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="203"/>
        <source>Principal components of the trajectory</source>
        <translation>轨迹的主成分</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="204"/>
        <source>Two random directions</source>
        <translation>两个随机方向</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="205"/>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="206"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="207"/>
        <source>New directions</source>
        <translation>新方向</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="209"/>
        <source>snapshot</source>
        <translation>快照</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plane_page.py" line="209"/>
        <source>loss on the plane</source>
        <translation>平面上的损失</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <location filename="../../gdstudio/ui/training/replay.py" line="169"/>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/replay.py" line="172"/>
        <source>step {0} · epoch {1}</source>
        <translation>第 {0} 步 · 第 {1} 轮</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/replay.py" line="176"/>
        <source>Re&amp;play</source>
        <translation>回放(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/replay.py" line="178"/>
        <source>Move to see the weights and predictions as they were at that step</source>
        <translation>拖动以查看那一步时的权重和预测</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/replay.py" line="180"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/training/replay.py" line="181"/>
        <source>Back to the running state</source>
        <translation>回到正在训练的状态</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <location filename="../../gdstudio/ui/window/run_status.py" line="36"/>
        <source>Epoch {0} / {1}</source>
        <translation>轮次 {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/run_status.py" line="38"/>
        <source>Step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/run_status.py" line="40"/>
        <source>paced at {0} steps/s</source>
        <translation>限速每秒 {0} 步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/run_status.py" line="43"/>
        <source>{0} samples/s</source>
        <translation>{0} 样本/秒</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/run_status.py" line="47"/>
        <source>Batch loss {0}</source>
        <translation>批量损失 {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/run_status.py" line="52"/>
        <source>Validation accuracy {0}</source>
        <translation>验证准确率 {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/run_status.py" line="63"/>
        <source>Ready: press Space to train</source>
        <translation>就绪：按空格键开始训练</translation>
    </message>
</context>
<context>
    <name>RunTable</name>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="140"/>
        <source>Run</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="141"/>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="142"/>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="143"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="144"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="145"/>
        <source>Train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="146"/>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="147"/>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="148"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/run_table.py" line="153"/>
        <source>Tick to show the run&apos;s curves; double-click to rename it</source>
        <translation>勾选以显示曲线；双击可重命名</translation>
    </message>
</context>
<context>
    <name>SampleDetail</name>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="111"/>
        <source>Point at a pixel to read its value.</source>
        <translation>把鼠标指向一个像素，读出它的值。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="118"/>
        <source>row {0}, column {1}: x = {2} ({3}/255)</source>
        <translation>第 {0} 行，第 {1} 列：x = {2}（{3}/255）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="125"/>
        <source>row {0}, column {1}: x = {2} ({3}/255), L0 = tanh(x + b0) = {4}</source>
        <translation>第 {0} 行，第 {1} 列：x = {2}（{3}/255），L0 = tanh(x + b0) = {4}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="127"/>
        <source>row {0}, column {1}: x = {2} ({3}/255), L0 = {5}(x + b0) = {4}</source>
        <translation>第 {0} 行，第 {1} 列：x = {2}（{3}/255），L0 = {5}(x + b0) = {4}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="134"/>
        <source>Mark saturated hidden units, sigmoid(x + b0) &lt; {0} or &gt; {1}</source>
        <translation>标出饱和的隐藏单元，sigmoid(x + b0) &lt; {0} 或 &gt; {1}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="138"/>
        <source>Mark dead hidden units, relu(x + b0) = 0</source>
        <translation>标出死亡的隐藏单元，relu(x + b0) = 0</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="140"/>
        <source>Mark saturated hidden units, |tanh(x + b0)| &gt; {0}</source>
        <translation>标出饱和的隐藏单元，|tanh(x + b0)| &gt; {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="144"/>
        <source>Bars: the probability the network gives each digit; green is the true label, red a wrong answer.</source>
        <translation>柱形：网络给每个数字的概率；绿色是真实标签，红色是错误的回答。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="150"/>
        <source>Click a digit to see it here.</source>
        <translation>点击一个数字，在这里放大查看。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="155"/>
        <source>{0} #{1}: label {2}, the network says {3} (right)</source>
        <translation>{0} 第 {1} 个：标签 {2}，网络认为是 {3}（正确）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="157"/>
        <source>{0} #{1}: label {2}, the network says {3} (wrong)</source>
        <translation>{0} 第 {1} 个：标签 {2}，网络认为是 {3}（错误）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="167"/>
        <source>Loss Σ(y − output)² = {0}   ·   {1} of 784 hidden units saturated</source>
        <translation>损失 Σ(y − output)² = {0}   ·   784 个隐藏单元中有 {1} 个饱和</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="170"/>
        <source>Loss Σ(y − output)² = {0}</source>
        <translation>损失 Σ(y − output)² = {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="172"/>
        <source>Loss −log output[label] = {0}</source>
        <translation>损失 −log output[label] = {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="174"/>
        <source>no hidden layer</source>
        <translation>没有隐藏层</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="176"/>
        <source>{0} of {1} hidden units dead (0)</source>
        <translation>{1} 个隐藏单元中有 {0} 个死亡（输出 0）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/sample_detail.py" line="180"/>
        <source>{0} of {1} hidden units saturated</source>
        <translation>{1} 个隐藏单元中有 {0} 个饱和</translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="61"/>
        <source>Restore the last session?</source>
        <translation>恢复上次的会话？</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="63"/>
        <source>GD Studio saved your last session automatically ({0}). Restore it? Otherwise a new session starts and replaces it.</source>
        <translation>GD Studio 自动保存了你上次的会话（{0}）。要恢复吗？否则将开始新的会话并替换它。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="78"/>
        <source>Could not restore the last session</source>
        <translation>无法恢复上次的会话</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="82"/>
        <source>{0}

The file could not be kept aside ({1}).</source>
        <translation>{0}

该文件无法另行保留（{1}）。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="84"/>
        <source>{0}

The file is kept as {1}.</source>
        <translation>{0}

该文件已保留为 {1}。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="110"/>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="121"/>
        <source>Could not save the session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="130"/>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="144"/>
        <source>Could not open the session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/session_files.py" line="151"/>
        <source>GD Studio sessions (*{0})</source>
        <translation>GD Studio 会话 (*{0})</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../gdstudio/ui/window/shortcuts_dialog.py" line="24"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/shortcuts_dialog.py" line="27"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/shortcuts_dialog.py" line="27"/>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/shortcuts_dialog.py" line="40"/>
        <source>Single keys (Space, N, R) act on the run unless a field has the focus: there they type, and Space in a number field takes the number, then starts.</source>
        <translation>单个按键（空格、N、R）控制训练，除非焦点在输入框中：那时按键用于输入；在数字输入框中按空格会先采用输入的数字，再开始训练。</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_panel.py" line="84"/>
        <source>Hide the controls</source>
        <extracomment>below this width a page starts with its controls folded away, so the picture gets the room the widest the controls get (wrapped words would otherwise ask for more) the loss-per-step chart under the controls</extracomment>
        <translation>隐藏控制面板</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_panel.py" line="84"/>
        <source>Show the controls</source>
        <translation>显示控制面板</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="272"/>
        <source>after the step</source>
        <translation>更新之后</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="290"/>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="291"/>
        <source>Restart from the current parameters</source>
        <translation>从当前参数重新开始</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="292"/>
        <source>◂ Back</source>
        <translation>◂ 上一步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="293"/>
        <source>Next ▸</source>
        <translation>下一步 ▸</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="295"/>
        <source>1 Forward</source>
        <translation>1 前向</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="296"/>
        <source>2 Loss</source>
        <translation>2 损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="297"/>
        <source>3 Backward</source>
        <translation>3 反向</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="298"/>
        <source>4 Update</source>
        <translation>4 更新</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="303"/>
        <source>1 Forward: the sample through the network</source>
        <translation>1 前向：样本穿过网络</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="304"/>
        <source>2 Loss: how far the output is from the one-hot label</source>
        <translation>2 损失：输出离独热标签有多远</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="305"/>
        <source>3 Backward: the chain rule gives every gradient</source>
        <translation>3 反向：链式法则求出所有梯度</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="306"/>
        <source>4 Update: every parameter takes a step against its gradient</source>
        <translation>4 更新：每个参数沿梯度的反方向走一步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="317"/>
        <source>Waiting for parameters and a sample.</source>
        <translation>正在等待参数和样本。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="319"/>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="322"/>
        <source>The input goes through tanh, the weights and the softmax. Press Next to compare the output with the label.</source>
        <translation>输入依次经过 tanh、权重和 softmax。按“下一步”把输出和标签作比较。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="326"/>
        <source>The loss adds up the squared differences between the one-hot label and the output: the smaller, the better.</source>
        <translation>损失函数把独热标签与输出之差的平方加起来：越小越好。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="330"/>
        <source>The chain rule gives ∂L/∂w for every parameter: how much the loss changes when that parameter moves a little.</source>
        <translation>链式法则给出每个参数的 ∂L/∂w：该参数稍微变动时，损失变化多少。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/derivation/step_panel.py" line="334"/>
        <source>w ← w − α·∂L/∂w: every parameter moves against its gradient. Next takes another step from here.</source>
        <translation>w ← w − α·∂L/∂w：每个参数都沿梯度的反方向移动。按“下一步”从这里再走一步。</translation>
    </message>
</context>
<context>
    <name>SurfacePlot</name>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_plot.py" line="154"/>
        <source>This computer offers no OpenGL, which the 3D view needs (a remote or headless session, or a graphics driver without it), so the surface stays in 2D. Untick 3D to see it.</source>
        <extracomment>contour lines drawn over the heatmap</extracomment>
        <translation>这台电脑没有 3D 视图所需的 OpenGL（远程或无界面会话，或显卡驱动不支持），所以曲面仍以 2D 显示。取消勾选 3D 即可查看。</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_view.py" line="95"/>
        <source>Loss surface</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_view.py" line="209"/>
        <source>Textbook functions</source>
        <translation>教科书函数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_view.py" line="210"/>
        <source>Two parameters of the network</source>
        <translation>网络的两个参数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_view.py" line="211"/>
        <source>A plane through all parameters</source>
        <translation>穿过全部参数的平面</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_view.py" line="212"/>
        <source>3D</source>
        <translation>三维</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_view.py" line="213"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
</context>
<context>
    <name>ToyPage</name>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="273"/>
        <source>α·f′(w) = {0}</source>
        <extracomment>the grid follows the range shown this long after it last changed a good first alpha for each function</extracomment>
        <translation>α·f′(w) = {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="297"/>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="327"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="297"/>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="327"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="309"/>
        <source>Parabola f(w) = w²</source>
        <translation>抛物线 f(w) = w²</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="310"/>
        <source>Double well f(w) = w⁴ − 2w² + w/2</source>
        <translation>双势阱 f(w) = w⁴ − 2w² + w/2</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="311"/>
        <source>Quadratic bowl</source>
        <translation>二次碗</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="312"/>
        <source>Rosenbrock (a curved valley)</source>
        <translation>Rosenbrock（弯曲的山谷）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="313"/>
        <source>Saddle f = x² − y²</source>
        <translation>鞍面 f = x² − y²</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="314"/>
        <source>Himmelblau (four minima)</source>
        <translation>Himmelblau（四个极小值）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="315"/>
        <source>Beale (flat middle, steep rim)</source>
        <translation>Beale（中间平坦、边缘陡峭）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="319"/>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="320"/>
        <source>Condition number κ</source>
        <translation>条件数 κ</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="321"/>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="322"/>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="328"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="329"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="330"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="331"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="331"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="332"/>
        <source>The grid point under the mouse and its loss</source>
        <translation>鼠标下的网格点及其损失</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="333"/>
        <source>tangent (slope f′(w))</source>
        <translation>切线（斜率 f′(w)）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="341"/>
        <source>Click the surface to start somewhere else.</source>
        <translation>点击曲面可从别处开始。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="345"/>
        <source>The dashed line is the tangent: its slope is f′(w). Each step moves w by −α·f′(w): the red arrow is the next one. Click the curve to start elsewhere.</source>
        <translation>虚线是切线：它的斜率是 f′(w)。每一步让 w 移动 −α·f′(w)，红色箭头就是下一步（步长 α·f′(w)）。点击曲线可从别处开始。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="356"/>
        <source>λ_min = {0}, λ_max = {1}: plain gradient descent converges only for α &lt; 2/λ_max = {2}.</source>
        <translation>λ_min = {0}，λ_max = {1}：普通梯度下降只在 α &lt; 2/λ_max = {2} 时收敛。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="363"/>
        <source>α = {0} is below it: each step shrinks the error at least by the factor {1}.</source>
        <translation>α = {0} 低于它：每一步至少把误差乘以 {1} 而缩小。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="367"/>
        <source>α = {0} is above it: along the steepest direction each step multiplies the error by {1} &gt; 1, so the steps overshoot the minimum further and further.</source>
        <translation>α = {0} 高于它：沿最陡方向每一步把误差乘以 {1} &gt; 1，所以每一步越过极小值越来越远。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="374"/>
        <source>A saddle has no minimum: downhill along y goes on for ever.</source>
        <translation>鞍面没有极小值：沿 y 方向一直下坡，永无止境。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="380"/>
        <source>the loss overflowed to infinity: α is far too large</source>
        <translation>损失溢出为无穷大：α 太大了</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="382"/>
        <source>the path left the region: the steps grew instead of shrinking</source>
        <translation>路径离开了区域：步长越来越大而不是越来越小</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="385"/>
        <source>{0} diverged after {1} steps: {2}.</source>
        <translation>{0} 在 {1} 步后发散：{2}。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="388"/>
        <source>{0} converged in {1} steps.</source>
        <translation>{0} 在 {1} 步内收敛。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/surface/surface_toy_page.py" line="397"/>
        <source>Lowest loss now: {0} ({1}).</source>
        <translation>目前最低损失：{0}（{1}）。</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="117"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="255"/>
        <source>(pixel row {0}, column {1})</source>
        <translation>（像素第 {0} 行，第 {1} 列）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="268"/>
        <source>Point at a pixel or a bar to read its value; click to choose it.</source>
        <translation>把鼠标指向一个像素或柱形读出它的值；点击即选中该参数。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="305"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="306"/>
        <source>Change since initialisation</source>
        <translation>相对初始值的变化</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="307"/>
        <source>Gradient of a batch ∂L/∂w</source>
        <translation>一个批量的梯度 ∂L/∂w</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="308"/>
        <source>Last update −α·∂L/∂w</source>
        <translation>最近的更新 −α·∂L/∂w</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="311"/>
        <source>One scale per image</source>
        <translation>每幅图单独的色标</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="316"/>
        <source>w1: each hidden unit&apos;s 784 incoming weights ({0} units)</source>
        <translation>w1：每个隐藏单元的 784 个输入权重（{0} 个单元）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="317"/>
        <source>w2 ({0} × 10)</source>
        <translation>w2（{0} × 10）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="318"/>
        <source>b1, per hidden unit (same order)</source>
        <translation>b1，每个隐藏单元一个（顺序相同）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="319"/>
        <source>b2, per digit</source>
        <translation>b2，每个数字一个</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="326"/>
        <source>b0, per pixel</source>
        <translation>b0，每个像素一个</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="324"/>
        <source>b1, per digit</source>
        <translation>b1，每个数字一个</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="338"/>
        <source>Tile h is w1[:, h]: the weight from each pixel to hidden unit h, drawn where the pixel is. Row h of the matrix w2 holds unit h&apos;s weights to the ten digits&apos; scores. Red is positive, blue negative.</source>
        <translation>第 h 块是 w1[:, h]：每个像素到隐藏单元 h 的权重，画在该像素的位置上。矩阵 w2 的第 h 行是单元 h 到十个数字得分的权重。红色为正，蓝色为负。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="344"/>
        <source>Image j is w1[:, j]: the weight from each pixel to digit j&apos;s score. Red pixels raise the score when inked, blue ones lower it.</source>
        <translation>第 j 幅图是 w1[:, j]：每个像素到数字 j 得分的权重。像素有墨迹时，红色的提高得分，蓝色的降低得分。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="349"/>
        <source>How far each parameter moved since initialisation: w − w₀.</source>
        <translation>每个参数自初始化以来移动了多少：w − w₀。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="352"/>
        <source>How far each parameter moved since step {0}, the first this view saw.</source>
        <translation>每个参数自第 {0} 步（本视图看到的第一步）以来移动了多少。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="356"/>
        <source>∂L/∂w at the weights shown: the gradient of the mean loss over {0} training samples (a batch drawn for step {1}). Gradient descent moves against it.</source>
        <translation>当前权重处的 ∂L/∂w：{0} 个训练样本（为第 {1} 步抽取的一个批量）平均损失的梯度。梯度下降朝它的反方向走。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="361"/>
        <source>−α·∂L/∂w with α = {0}: the step gradient descent takes from the weights shown, on the same batch as the gradient.</source>
        <translation>−α·∂L/∂w，α = {0}：梯度下降从当前权重出发、在与梯度相同的批量上迈出的一步。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="366"/>
        <source>Each tile has its own scale: it shows fractions of its largest magnitude.</source>
        <translation>每一块有自己的色标：显示的是相对于其最大绝对值的比例。</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/inspect/weights_view.py" line="370"/>
        <source>Each image has its own scale (± the limit in its title); the bar shows fractions of it.</source>
        <translation>每幅图有自己的色标（范围 ± 见标题）；色条显示其比例。</translation>
    </message>
</context>
<context>
    <name>WindowCommands</name>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="99"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="99"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="103"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="104"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="105"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="106"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="107"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="110"/>
        <source>Start / Pause</source>
        <translation>开始 / 暂停</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="111"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="112"/>
        <source>Start training (Space starts, pauses and resumes)</source>
        <translation>开始训练（空格键：开始、暂停、继续）</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="113"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="114"/>
        <source>Train on exactly one batch (N)</source>
        <translation>只用一个批量训练一步 (N)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="115"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="116"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="117"/>
        <source>Start afresh from the seed&apos;s initial weights (R)</source>
        <translation>从种子对应的初始权重重新开始 (R)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="118"/>
        <source>Save checkpoint…</source>
        <translation>保存检查点…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="119"/>
        <source>Open checkpoint…</source>
        <translation>打开检查点…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="120"/>
        <source>Open folder of IDX files…</source>
        <translation>打开 IDX 文件夹…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="121"/>
        <source>Save session…</source>
        <translation>保存会话…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="122"/>
        <source>Open session…</source>
        <translation>打开会话…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="123"/>
        <source>Download full MNIST…</source>
        <translation>下载完整 MNIST…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="124"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="125"/>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="126"/>
        <source>About GD Studio</source>
        <translation>关于 GD Studio</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="127"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/commands.py" line="128"/>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
</context>
<context>
    <name>WindowFiles</name>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="37"/>
        <source>Save checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="37"/>
        <location filename="../../gdstudio/ui/window/files.py" line="47"/>
        <source>Checkpoints (*.npz)</source>
        <translation>检查点 (*.npz)</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="39"/>
        <source>Could not save the checkpoint</source>
        <translation>无法保存检查点</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="42"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="47"/>
        <source>Open checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="50"/>
        <source>Could not open the checkpoint</source>
        <translation>无法打开检查点</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="93"/>
        <source>Loaded {0}: parameters after epoch {1} (step {2}) on {3}, α = {4}; training continues from them</source>
        <translation>已载入 {0}：{3} 上第 {1} 轮（第 {2} 步）之后的参数，α = {4}；训练将从这些参数继续</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="110"/>
        <source>Changing the data</source>
        <translation>更换数据</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="123"/>
        <source>Open a folder of IDX files</source>
        <translation>打开包含 IDX 文件的文件夹</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="138"/>
        <source>Could not load the data</source>
        <translation>无法加载数据</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="157"/>
        <source>Downloading full MNIST (about 11 MB)…</source>
        <translation>正在下载完整的 MNIST（约 11 MB）…</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="157"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="159"/>
        <source>Full MNIST</source>
        <translation>完整 MNIST</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/files.py" line="178"/>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
</context>
<context>
    <name>WindowHelp</name>
    <message>
        <location filename="../../gdstudio/ui/window/help.py" line="65"/>
        <source>Setting up the lesson</source>
        <translation>准备这一课</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/help.py" line="93"/>
        <source>About GD Studio</source>
        <translation>关于 GD Studio</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/help.py" line="97"/>
        <source>&lt;h3&gt;GD Studio {0}&lt;/h3&gt;&lt;p&gt;Watch gradient descent train a neural network on handwritten digits, one derivative at a time.&lt;/p&gt;&lt;p&gt;The MNIST digits are from the MNIST database by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, used under the Creative Commons Attribution-Share Alike 3.0 licence (CC BY-SA 3.0). Fashion-MNIST is by Zalando Research, under the MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;GD Studio {0}&lt;/h3&gt;&lt;p&gt;一个导数一个导数地观看梯度下降如何在手写数字上训练神经网络。&lt;/p&gt;&lt;p&gt;MNIST 数字来自 Yann LeCun、Corinna Cortes 和 Christopher J.C. Burges 的 MNIST 数据库，依据知识共享署名-相同方式共享 3.0 许可协议（CC BY-SA 3.0）使用。Fashion-MNIST 由 Zalando Research 提供，采用 MIT 许可证。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/window/help.py" line="108"/>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
</context>
<context>
    <name>WindowSessions</name>
    <message>
        <location filename="../../gdstudio/ui/window/sessions.py" line="69"/>
        <source>Opening a session</source>
        <translation>打开会话</translation>
    </message>
</context>
<context>
    <name>WrongRunsNotice</name>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_notice.py" line="49"/>
        <source>the numbers overflowed at step {0}</source>
        <extracomment>the colours of the main window&apos;s divergence notice</extracomment>
        <translation>第 {0} 步数值溢出</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_notice.py" line="50"/>
        <source>the loss climbed far above its best at step {0}</source>
        <translation>第 {0} 步损失升到远高于最低值</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_notice.py" line="51"/>
        <source>the accuracy fell to chance at step {0}</source>
        <translation>第 {0} 步准确率跌到随机猜测水平</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_notice.py" line="52"/>
        <source>the softmax saturated and training froze at step {0}</source>
        <translation>第 {0} 步 softmax 饱和，训练停滞</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_notice.py" line="54"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_notice.py" line="55"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../gdstudio/ui/compare/compare_notice.py" line="60"/>
        <source>&lt;b&gt;These runs went wrong:&lt;/b&gt; {0}. Their steps α·∂L/∂w were too large: they jump over the minimum, or throw the weights where the softmax outputs exactly 1.0 in float32 for a wrong class, and there its derivative is so small that training freezes.</source>
        <translation>&lt;b&gt;这些训练出了问题：&lt;/b&gt;{0}。它们的步长 α·∂L/∂w 太大：要么跳过了最小值，要么把权重扔到 softmax 在 float32 里对错误类别输出恰好 1.0 的地方，那里它的偏导小到训练停滞。</translation>
    </message>
</context>
</TS>

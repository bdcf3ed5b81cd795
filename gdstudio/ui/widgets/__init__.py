"""Small widgets and helpers the views share: images, bars, numbers, export, throttling."""

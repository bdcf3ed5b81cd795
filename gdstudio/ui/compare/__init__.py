"""The Compare tab: runs that differ in one setting, raced side by side."""

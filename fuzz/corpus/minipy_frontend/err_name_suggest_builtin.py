# a misspelt builtin
prnt(42)

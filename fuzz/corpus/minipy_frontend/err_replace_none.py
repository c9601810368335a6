# argument clinic calls None "None"
print("abc".replace(None, "b"))

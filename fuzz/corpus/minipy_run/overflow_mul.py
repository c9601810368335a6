# golden: manual
x = 3037000500
print(x * x)

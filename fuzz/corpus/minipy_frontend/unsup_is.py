# golden: manual
print("never")
x = None
print(x is None)

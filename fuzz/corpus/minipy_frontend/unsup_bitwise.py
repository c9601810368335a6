# golden: manual
print("never")
x = 1 & 2

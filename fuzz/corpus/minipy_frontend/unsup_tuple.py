# golden: manual
print("never")
t = (1, 2)

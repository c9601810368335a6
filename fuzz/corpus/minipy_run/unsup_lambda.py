# golden: manual
print("never")
f = lambda x: x

# golden: manual
print("never")
d = {"a": 1}

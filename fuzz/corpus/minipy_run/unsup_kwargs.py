# golden: manual
print("never")
print(1, end="")

# golden: manual
print("never")
x = 1
print(f"{x}")

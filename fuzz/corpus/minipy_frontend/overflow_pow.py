# golden: manual
print(2 ** 64)

# golden: manual
print("never")
xs = [x for x in range(3)]

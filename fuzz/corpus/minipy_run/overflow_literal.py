# golden: manual
print("never")
x = 99999999999999999999

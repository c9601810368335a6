# golden: manual
print("never")
try:
    x = 1
except:
    pass

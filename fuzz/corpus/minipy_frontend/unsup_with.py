# golden: manual
print("never")
with x:
    pass

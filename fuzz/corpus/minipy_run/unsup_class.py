# golden: manual
print("never")
class A:
    pass

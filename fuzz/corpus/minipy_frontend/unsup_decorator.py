# golden: manual
print("never")
@dec
def f():
    pass

# golden: manual
print("never")
def f():
    def g():
        return 1
    return g()

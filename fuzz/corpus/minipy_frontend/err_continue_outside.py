print("never")
def f():
    continue

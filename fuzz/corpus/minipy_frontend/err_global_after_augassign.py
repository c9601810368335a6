# an augmented assignment counts as an assignment
def f():
    x += 1
    global x

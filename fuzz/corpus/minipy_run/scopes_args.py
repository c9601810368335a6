# parameters are local; arguments evaluated left to right
def show(a, b, c):
    print(a, b, c)
def tick(n):
    print("tick", n)
    return n
show(tick(1), tick(2), tick(3))
def mutate(xs):
    xs.append("m")
    xs = [0]
    return xs
lst = [1]
print(mutate(lst), lst)
def count_down(n):
    while n > 0:
        n -= 1
    return n
k = 5
print(count_down(k), k)

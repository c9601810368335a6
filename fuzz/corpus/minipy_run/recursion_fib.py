# recursive fibonacci and mutual recursion
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print(fib(0), fib(1), fib(10), fib(20))
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)
print(is_even(10), is_odd(7), is_even(7))
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1
print(depth(900))

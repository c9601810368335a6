# small number theory
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps
print(gcd(48, 18), gcd(17, 5), gcd(0, 9), gcd(-12, 8))
best = 0
arg = 0
for i in range(1, 3000):
    c = collatz(i)
    if c > best:
        best = c
        arg = i
print(arg, best)

# while loops
i = 0
total = 0
while i < 100:
    total = total + i
    i = i + 1
print(total, i)
n = 27
steps = 0
while n != 1:
    if n % 2 == 0:
        n = n // 2
    else:
        n = 3 * n + 1
    steps += 1
print(steps)
while False:
    print("never")

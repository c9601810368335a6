# break and continue in while and for loops
for i in range(10):
    if i == 2:
        continue
    if i == 6:
        break
    print(i)
i = 0
while True:
    i += 1
    if i % 2:
        continue
    if i > 8:
        break
    print("w", i)
for a in [1, 2, 3]:
    for b in "xyz":
        if b == "y":
            break
        print(a, b)
for c in "abc":
    for d in range(3):
        if d == 1:
            continue
        print(c, d)

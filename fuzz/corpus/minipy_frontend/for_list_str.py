# for over lists and strings
for x in [1, "two", 3.0, None, [4]]:
    print(x)
for ch in "hello":
    print(ch)
xs = [1, 2, 3]
for x in xs:
    if x < 3:
        xs.append(x * 10)
print(xs)
r = range(3)
for i in r:
    print(i)
for i in list(range(2)):
    print(i)

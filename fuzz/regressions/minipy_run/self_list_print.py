xs = []
while True:
    xs.append(xs)
    print(xs[:3])

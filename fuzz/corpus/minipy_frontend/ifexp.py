# conditional expressions
for i in range(5):
    print("even" if i % 2 == 0 else "odd", i if i > 2 else -i)
x = 1 if 0 else 2 if 0 else 3
print(x)
print([1 if True else 2, 3 if False else 4])

# range with one to three arguments
for i in range(3):
    print(i)
for i in range(2, 5):
    print(i)
for i in range(10, 0, -3):
    print(i)
for i in range(0):
    print("never")
for i in range(5, 2):
    print("never")
for i in range(-3, 3, 2):
    print(i)
for i in range(True, 3):
    print(i)
n = 0
for i in range(1000):
    n += i
print(n, i)
for i in range(9223372036854775805, 9223372036854775807):
    print(i)
for i in range(-9223372036854775807, -9223372036854775806 - 2, -1):
    print(i)

# accumulation patterns
total = 0
for i in range(1, 101):
    total += i * i
print(total)
evens = []
for i in range(20):
    if i % 2 == 0:
        evens.append(i)
print(evens)
fizz = []
for i in range(1, 16):
    if i % 15 == 0:
        fizz.append("FizzBuzz")
    elif i % 3 == 0:
        fizz.append("Fizz")
    elif i % 5 == 0:
        fizz.append("Buzz")
    else:
        fizz.append(str(i))
print(" ".join(fizz))

# golden: manual
print("before")
x = 9223372036854775807
print(x + 1)

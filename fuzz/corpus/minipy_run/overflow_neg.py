# golden: manual
x = -9223372036854775807 - 1
print(-x)

# A string repeated past ssize_t is an OverflowError in CPython, not a MemoryError.
print(len('ab' * 3), float('1' * 200))
print('ab' * 9223372036854775807)

# ints at the 64-bit edges
big = 9223372036854775807
small = -9223372036854775807 - 1
print(big, small, big // -1, small // 1, small % 7, big % -7)
print(small + big, big - big, -big, abs(-big))
print(2 ** 62 + (2 ** 62 - 1), 3037000499 * 3037000499)
print(int("9223372036854775807"), int("-9223372036854775808"))
print(9223372036854775807 / 1, small / 2, 2 ** 53 + 1)
print(float(big), float(small), int(9.2e18))

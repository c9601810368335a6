# Shortest round-tripping repr where the nearest 16-digit decimal is a tie or a power of two's
# narrower lower gap makes it miss (found by differential testing against CPython).
print(2.0 ** -24)
print(5.960464477539063e-08)
print(7.120236347223045e-307)
print(7.291122019556398e-304)
print(8.209073602596753e-289)
print(-(2.0 ** -24), [2.0 ** -24, 2.0 ** -1074])
x = 1.0
i = 0
while i < 60:
    x = x / 2
    i = i + 1
print(x, x * 3, x * 5)

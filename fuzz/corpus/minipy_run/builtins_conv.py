# str, int, float conversions
print(int(3.9), int(-3.9), int(True), int(0.0), int("007"), int(" 12 "))
print(float(3), float("1.5"), float("-inf"), float("nan"), float("1e-3"), float(".5"), float("5."))
print(float("Infinity"), float("  3  "), float("1_0.5"))
print(str(1), str(1.0), str(-0.0), str(""), str([1.0, "x"]), str(range(3)))
print(int(str(123) + "4") + 1, float(str(2.5)) * 2)
print(int(9.99e15), int(-1e18))
print(abs(-5), abs(5), abs(-2.5), abs(True), abs(-0.0))
print(int(), float(), str(), list())

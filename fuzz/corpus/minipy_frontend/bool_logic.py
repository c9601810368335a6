# and/or return an operand and short-circuit
def t(x):
    print("t", x)
    return x
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, "" or "x", [] or [1], None and 1)
print(t(0) and t(1))
print(t(1) and t(2))
print(t(1) or t(2))
print(t(0) or t(0.0) or t(""))
print(not 1, not 0, not "", not [0], not None)
x = 3
print(x > 1 and x < 5, x > 1 and "yes" or "no", x > 4 or "small")
if x and not x - 3:
    print("x is 3")
if not (x < 0 or x > 10):
    print("between")
print(True and False, True or False, False or False)

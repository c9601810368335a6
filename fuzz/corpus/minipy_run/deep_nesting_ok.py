# nesting that is deep but within limits
x = ((((((((((((((((((((1))))))))))))))))))))
print(x)
y = [[[[[[[[[[["deep"]]]]]]]]]]]
print(y)
def f(n):
    if n > 0:
        if n > 1:
            if n > 2:
                if n > 3:
                    if n > 4:
                        return "big"
    return "small"
print(f(10), f(2))
print(- - - - -5, not not not True)

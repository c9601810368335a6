# truth values of every type
for v in [0, 1, -1, 0.0, 0.5, "", "a", [], [0], None, True, False, range(0), range(2)]:
    if v:
        print(repr(v), "true")
    else:
        print(repr(v), "false")

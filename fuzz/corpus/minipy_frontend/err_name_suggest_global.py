# NameError carries CPython 3.11's "Did you mean" from the globals
value = 1
total = 2
print(valeu)

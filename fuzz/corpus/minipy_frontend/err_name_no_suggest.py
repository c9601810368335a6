# nothing near enough: no suggestion
alpha = 1
print(zzzzqqq)

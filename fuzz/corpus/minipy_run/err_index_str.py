print("abc"[10])

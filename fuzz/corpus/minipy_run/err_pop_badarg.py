# the argument is checked before the emptiness
xs = []
xs.pop(None)

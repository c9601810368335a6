# indentation, comments and blank lines
def f(x):
        # deeply indented comment

        if x:
                    return "yes"   # trailing comment
        return "no"
print(f(1), f(0))   
if True:
	print("tab indented")
	if True:
		print("two tabs")
# comment at end

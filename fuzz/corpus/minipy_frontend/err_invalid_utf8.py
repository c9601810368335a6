print("never")
x = "ÿş"

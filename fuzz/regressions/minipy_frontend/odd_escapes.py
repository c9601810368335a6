x = "\xffÿ\N{BULLET}"

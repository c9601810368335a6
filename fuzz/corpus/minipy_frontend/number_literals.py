# number literal forms
print(0x1F, 0o17, 0b101, 1_000_000, 0, 00, 1., .5, 1e3, 1E-2, 1_0.0_1)
print(0xff + 0b1, 2.5e0, 1e0, 10e-1)

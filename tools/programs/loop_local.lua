local function main()
  local i = 0
  local s = 0
  while i < 3000000 do
    s = s + i
    i = i + 1
  end
  return s
end
print(main())

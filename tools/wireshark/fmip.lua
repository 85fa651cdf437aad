-- Wireshark / tshark dissector for the formats of draft-ietf-mobileip-fast-mipv6-04 as the
-- fmip-lab packet core encodes them (code points: docs/codepoints.md).
--
--   tshark -X lua_script:tools/wireshark/fmip.lua -r run.pcap -V
--   (Wireshark: copy to ~/.local/lib/wireshark/plugins/ or use the same -X option)
--
-- A post-dissector over captures of link type 229 (raw IPv6), as the lab writes them: it walks
-- the IPv6 headers itself (through RFC 2473 tunnels, and through the IPsec Authentication Header
-- that HI/HACK/HTT/F-BU carry when the security associations of 8 are on: Wireshark shows the AH,
-- this adds fmip.ah; the ICV is not checked) and adds an "FMIPv6" tree for the new ICMPv6
-- messages (RtSolPr, PrRtAdv, F-NA, HI, HACK, HTT), the §5.4 options (also inside RS/RA/NS/NA),
-- and the F-BU / F-BACK / BU / BA destination options. It reads only inside the packet's bounds:
-- a malformed packet ends the walk, it never raises a Lua error.

local fmip = Proto("fmip", "Fast Handovers for MIPv6 (draft-ietf-mobileip-fast-mipv6-04, fmip-lab)")
local F = fmip.fields

F.msg = ProtoField.string("fmip.msg", "Message")
F.code = ProtoField.uint8("fmip.code", "Code")
F.identifier = ProtoField.uint16("fmip.identifier", "Identifier")
F.flags = ProtoField.string("fmip.flags", "Flags set")
F.htt = ProtoField.bool("fmip.htt", "HTT (H and T both set, 5.2.3)")
F.newcoa = ProtoField.ipv6("fmip.newcoa", "NewCOA")
F.oldcoa = ProtoField.ipv6("fmip.oldcoa", "OldCOA")
F.opt = ProtoField.string("fmip.opt", "Option")
F.opt_subtype = ProtoField.uint8("fmip.opt.subtype", "Sub-Type")
F.opt_prefixlen = ProtoField.uint8("fmip.opt.prefix_length", "Prefix Length")
F.opt_addr = ProtoField.ipv6("fmip.opt.address", "IPv6 Address")
F.opt_home = ProtoField.ipv6("fmip.opt.home_address", "MN's Home Address (IP Address sub-type 4, 3.3)")
F.ah = ProtoField.bool("fmip.ah", "Behind an IPsec AH (RFC 2402, 8; ICV not verified here)")
F.opt_lla = ProtoField.ether("fmip.opt.lla", "Link-layer Address")
F.opt_lifetime = ProtoField.uint32("fmip.opt.lifetime", "Lifetime (s)")
F.naack_status = ProtoField.uint8("fmip.naack.status", "NAACK Status")
F.hocaps_code = ProtoField.uint8("fmip.hocaps.code", "Handover Capabilities Code")
F.hoa = ProtoField.ipv6("fmip.hoa", "Home Address")
F.bu_flags = ProtoField.string("fmip.bu.flags", "Flags set")
F.bu_prefixlen = ProtoField.uint8("fmip.bu.prefix_length", "Prefix Length")
F.bu_seq = ProtoField.uint16("fmip.bu.sequence", "Sequence Number")
F.bu_lifetime = ProtoField.uint32("fmip.bu.lifetime", "Lifetime (s)")
F.bu_uid = ProtoField.uint16("fmip.bu.unique_id", "Unique Identifier")
F.bu_altcoa = ProtoField.ipv6("fmip.bu.altcoa", "Alternate Care-of Address")
F.ba_status = ProtoField.uint8("fmip.ba.status", "Status")
F.ba_seq = ProtoField.uint16("fmip.ba.sequence", "Sequence Number")
F.ba_lifetime = ProtoField.uint32("fmip.ba.lifetime", "Lifetime (s)")
F.ba_refresh = ProtoField.uint32("fmip.ba.refresh", "Refresh (s)")

-- Code points: keep in step with assembly/codepoints.ts.
local ICMP = { [170] = "RtSolPr", [171] = "PrRtAdv", [172] = "F-NA", [173] = "HI", [174] = "HACK",
               [133] = "RS", [134] = "RA", [135] = "NS", [136] = "NA" }
local OPTS = { [230] = "IP Address", [231] = "Link-layer Address", [232] = "Lifetime", [233] = "NAACK",
               [234] = "Handover Capabilities" }
local OPTIONS_AT = { [172] = 40, [134] = 16, [135] = 24, [136] = 24 }
-- IP Address option sub-types: 5.4.1 defines 1 and 2; 3 (aAR, HTT) and 4 (home address, HI(H) /
-- HACK(T) of 3.3) are fmip-lab's (docs/codepoints.md).
local IPADDR_SUB = { [1] = "old CoA", [2] = "new CoA", [3] = "aAR address", [4] = "home address" }
local DOPT = { [0xde] = "F-BU", [0x1e] = "F-BACK", [0xc6] = "BU", [0x06] = "BA", [0xc9] = "Home Address" }

local function bitset(x, mask)
  return math.floor(x / mask) % 2 == 1
end
local function letters(x, names)
  local s = ""
  for _, p in ipairs(names) do
    if bitset(x, p[2]) then s = s .. p[1] end
  end
  return s
end

local function dissect_options(tvb, tree, o, stop)
  while o + 2 <= stop do
    local t = tvb(o, 1):uint()
    local olen = tvb(o + 1, 1):uint() * 8
    if olen == 0 or o + olen > stop then return end
    local name = OPTS[t]
    if name then
      local label = name
      if t == 230 and olen >= 24 then label = name .. ": " .. (IPADDR_SUB[tvb(o + 2, 1):uint()] or "unknown sub-type") end
      local st = tree:add(F.opt, tvb(o, olen), label)
      if t == 230 and olen >= 24 then
        st:add(F.opt_subtype, tvb(o + 2, 1))
        st:add(F.opt_prefixlen, tvb(o + 3, 1))
        st:add(F.opt_addr, tvb(o + 8, 16))
        if tvb(o + 2, 1):uint() == 4 then st:add(F.opt_home, tvb(o + 8, 16)) end
      elseif t == 231 and olen >= 9 then
        st:add(F.opt_subtype, tvb(o + 2, 1))
        st:add(F.opt_lla, tvb(o + 3, 6))
      elseif t == 232 and olen >= 8 then
        st:add(F.opt_subtype, tvb(o + 2, 1))
        st:add(F.opt_lifetime, tvb(o + 4, 4))
      elseif t == 233 and olen >= 4 then
        st:add(F.opt_subtype, tvb(o + 2, 1))
        st:add(F.naack_status, tvb(o + 3, 1))
      elseif t == 234 and olen >= 4 then
        st:add(F.hocaps_code, tvb(o + 2, 1))
      end
    end
    o = o + olen
  end
end

-- `ah`: the range of the AH the message came behind, or nil.
local function dissect_icmp(tvb, pinfo, root, p, len, ah)
  if len < 4 then return end
  local t = tvb(p, 1):uint()
  local name = ICMP[t]
  if not name then return end
  local at = OPTIONS_AT[t] or 8
  if len < at then return end
  local ours = t >= 170
  if not ours then
    -- standard ND: show only the draft's options (e.g. the NAACK in an RA, 5.4.4)
    local has = false
    local o = p + at
    while o + 2 <= p + len do
      local ol = tvb(o + 1, 1):uint() * 8
      if ol == 0 then break end
      if OPTS[tvb(o, 1):uint()] then has = true end
      o = o + ol
    end
    if not has then return end
  end
  local tree = root:add(fmip, tvb(p, len))
  if ah then tree:add(F.ah, ah, true) end
  if ours then
    local flags = tvb(p + 6, 1):uint()
    local code = tvb(p + 1, 1):uint()
    local info = name
    if t == 173 or t == 174 then
      local set = t == 173 and letters(flags, { { "S", 0x80 }, { "U", 0x40 }, { "H", 0x20 }, { "T", 0x10 }, { "R", 0x08 } })
                             or letters(flags, { { "H", 0x80 }, { "T", 0x40 }, { "R", 0x20 } })
      local htt = (t == 173 and bitset(flags, 0x20) and bitset(flags, 0x10)) or (t == 174 and bitset(flags, 0x80) and bitset(flags, 0x40))
      if htt then info = "HTT (" .. name .. ")" end
      tree:add(F.msg, tvb(p, 1), info)
      tree:add(F.code, tvb(p + 1, 1))
      tree:add(F.identifier, tvb(p + 4, 2))
      tree:add(F.flags, tvb(p + 6, 1), set)
      tree:add(F.htt, tvb(p + 6, 1), htt)
      info = info .. " id=" .. tvb(p + 4, 2):uint() .. " code=" .. code .. (set ~= "" and (" flags=" .. set) or "")
    elseif t == 172 then
      tree:add(F.msg, tvb(p, 1), name)
      tree:add(F.flags, tvb(p + 4, 1), letters(tvb(p + 4, 1):uint(), { { "R", 0x80 }, { "S", 0x40 }, { "O", 0x20 } }))
      tree:add(F.newcoa, tvb(p + 8, 16))
      tree:add(F.oldcoa, tvb(p + 24, 16))
    else
      tree:add(F.msg, tvb(p, 1), name)
      tree:add(F.code, tvb(p + 1, 1))
      tree:add(F.identifier, tvb(p + 4, 2))
      info = info .. " id=" .. tvb(p + 4, 2):uint() .. " code=" .. code
    end
    pinfo.cols.protocol:set("FMIPv6")
    pinfo.cols.info:set(info)
  else
    tree:add(F.msg, tvb(p, 1), name)
  end
  dissect_options(tvb, tree, p + at, p + len)
end

local function dissect_dest(tvb, pinfo, root, h, len, ah)
  if len < 8 then return end
  local total = (tvb(h + 1, 1):uint() + 1) * 8
  if total > len then return end
  local tree = nil
  local info = nil
  local o = 2
  while o < total do
    local t = tvb(h + o, 1):uint()
    if t == 0 then
      o = o + 1
    else
      if o + 2 > total then return end
      local ol = tvb(h + o + 1, 1):uint()
      if o + 2 + ol > total then return end
      local name = DOPT[t]
      if name then
        if not tree then
          tree = root:add(fmip, tvb(h, total))
          if ah then tree:add(F.ah, ah, true) end
        end
        local a = h + o
        local st = tree:add(F.msg, tvb(a, ol + 2), name)
        if t == 0xc9 and ol >= 16 then
          st:add(F.hoa, tvb(a + 2, 16))
        elseif (t == 0xde or t == 0xc6) and ol >= 8 then
          local fl = tvb(a + 2, 1):uint()
          st:add(F.bu_flags, tvb(a + 2, 1), t == 0xde and letters(fl, { { "A", 0x80 } })
                   or letters(fl, { { "A", 0x80 }, { "H", 0x40 }, { "R", 0x20 }, { "D", 0x10 } }))
          st:add(F.bu_prefixlen, tvb(a + 3, 1))
          st:add(F.bu_seq, tvb(a + 4, 2))
          st:add(F.bu_lifetime, tvb(a + 6, 4))
          local s = a + 10
          local stop = a + 2 + ol
          while s < stop do
            local sty = tvb(s, 1):uint()
            if sty == 0 then
              s = s + 1
            else
              if s + 2 > stop then break end
              local sl = tvb(s + 1, 1):uint()
              if s + 2 + sl > stop then break end
              if sty == 2 and sl == 2 then st:add(F.bu_uid, tvb(s + 2, 2)) end
              if sty == 4 and sl == 16 then st:add(F.bu_altcoa, tvb(s + 2, 16)) end
              s = s + 2 + sl
            end
          end
          info = name .. " seq=" .. tvb(a + 4, 2):uint() .. " lifetime=" .. tvb(a + 6, 4):uint()
        elseif (t == 0x1e and ol >= 7) or (t == 0x06 and ol >= 11) then
          st:add(F.ba_status, tvb(a + 2, 1))
          st:add(F.ba_seq, tvb(a + 3, 2))
          st:add(F.ba_lifetime, tvb(a + 5, 4))
          if t == 0x06 then st:add(F.ba_refresh, tvb(a + 9, 4)) end
          info = name .. " status=" .. tvb(a + 2, 1):uint() .. " seq=" .. tvb(a + 3, 2):uint()
        end
      end
      o = o + 2 + ol
    end
  end
  if info then
    pinfo.cols.protocol:set("FMIPv6")
    pinfo.cols.info:set(info)
  end
end

function fmip.dissector(tvb, pinfo, root)
  local len = tvb:len()
  local off = 0
  for _ = 1, 5 do
    if len - off < 40 or math.floor(tvb(off, 1):uint() / 16) ~= 6 then return end
    local plen = tvb(off + 4, 2):uint()
    local nh = tvb(off + 6, 1):uint()
    if off + 40 + plen > len then return end
    local at, len, ah = off + 40, plen, nil
    if nh == 51 then
      -- RFC 2402 AH: Payload Len in 4-octet units minus 2, a multiple of 8 octets over IPv6,
      -- some ICV after the 12 fixed octets; the message follows (never a tunnel in the lab).
      if plen < 12 then return end
      local ahlen = (tvb(at + 1, 1):uint() + 2) * 4
      if ahlen <= 12 or ahlen % 8 ~= 0 or ahlen > plen then return end
      nh = tvb(at, 1):uint()
      ah = tvb(at, ahlen)
      at, len = at + ahlen, plen - ahlen
      if nh == 41 then return end
    end
    if nh == 41 then
      off = off + 40
    elseif nh == 58 then
      return dissect_icmp(tvb, pinfo, root, at, len, ah)
    elseif nh == 60 then
      return dissect_dest(tvb, pinfo, root, at, len, ah)
    else
      return
    end
  end
end

register_postdissector(fmip)

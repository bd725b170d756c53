-- Links and images of one chapter, rewritten for the site (book/build).
-- The metadata file of the chapter gives:
--   srcdir    the chapter's folder in the tree (labs/01-chroot, book/concepts)
--   benchdir  where the benchmarks write their TSV files
--   chapters  every chapter of the book: {src = tree path, page = page.html}
-- Every page sits at the root of the site, so a rewritten path is the
-- target's path in the tree, without the leading "book/".

local srcdir, benchdir
local pages = {}

local function exists(p)
  local f = io.open(p, 'r')
  if f then f:close() end
  return f ~= nil
end

-- "labs/01-chroot/../02-x/./README.md" -> "labs/02-x/README.md"
local function collapse(p)
  local parts = {}
  for part in p:gmatch('[^/]+') do
    if part == '..' then
      table.remove(parts)
    elseif part ~= '.' then
      table.insert(parts, part)
    end
  end
  return table.concat(parts, '/')
end

-- A relative target as a tree path and a fragment; nil for a URL, an
-- absolute path or a fragment of the same page.
local function resolve(target)
  if target:match('^%a[%w+.-]*:') or target:match('^/') or target:match('^#') then
    return nil
  end
  local file, frag = target:match('^([^#]*)(.*)$')
  return collapse(srcdir .. '/' .. file), frag
end

local function site(p)
  return (p:gsub('^book/', ''))
end

local function meta(m)
  srcdir = pandoc.utils.stringify(m.srcdir)
  benchdir = pandoc.utils.stringify(m.benchdir)
  for _, c in ipairs(m.chapters or {}) do
    pages[pandoc.utils.stringify(c.src)] = pandoc.utils.stringify(c.page)
  end
end

-- A link to a chapter goes to its page.  A link to another file of the tree
-- keeps its text only: the site is published without the tree (and the
-- tree holds the reference solutions); so does a link to the README of a lab
-- that has not landed yet, which comes alive when it does.  A link to
-- anything else that does not exist is left for the link check to report.
local function link(el)
  local p, frag = resolve(el.target)
  if not p then
    return nil
  end
  if pages[p] then
    el.target = pages[p] .. frag
    return el
  end
  if exists(p) or p:match('^labs/[^/]+/README%.md$') then
    return el.content -- (or a lab that has not landed yet)
  end
  el.target = site(p) .. frag
  return el
end

-- measurements/NAME.svg is drawn by the build from BENCHDIR/NAME.tsv; with
-- no TSV yet the figure says how to produce it (bench/NAME, or the
-- producer attribute).  Any other image is copied (or drawn from NAME.dot)
-- by the build at its site path.
local function image(el)
  local name = el.src:match('^measurements/([%w._-]+)%.svg$')
  if name then
    if exists(benchdir .. '/' .. name .. '.tsv') then
      return nil
    end
    local producer = el.attributes.producer or ('bench/' .. name)
    local note = '*' .. pandoc.utils.stringify(el.caption) .. ': run `' .. producer
      .. '` to produce this figure.*'
    return pandoc.read(note).blocks[1].content
  end
  local p = resolve(el.src)
  if p then
    el.src = site(p)
  end
  return el
end

return { { Meta = meta }, { Link = link, Image = image } }

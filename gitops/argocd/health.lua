-- Argo CD health check for Sluice's Source, Destination and Connection (group sluice.dev).
-- Ready=True is Healthy, Ready=False is Degraded, anything else (no status yet, Unknown, or a
-- status older than the spec) is Progressing; a resource paused with sluice.dev/paused is
-- Suspended. Lua 5.1 subset (Argo CD runs gopher-lua; the tests run LuaJ).
local hs = {}
hs.status = "Progressing"
hs.message = "Waiting for the Sluice operator to set the Ready condition"
if obj.status == nil then
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed < generation then
  hs.message = "Waiting for the Sluice operator to reconcile generation " .. generation
  return hs
end
local ready = nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Paused" and condition.status == "True" then
      hs.status = "Suspended"
      hs.message = condition.message or "Paused"
      return hs
    end
    if condition.type == "Ready" then
      ready = condition
    end
  end
end
if ready == nil then
  return hs
end
local message = ready.reason or ""
if ready.message ~= nil and ready.message ~= "" then
  if message ~= "" then
    message = message .. ": "
  end
  message = message .. ready.message
end
if ready.status == "True" then
  hs.status = "Healthy"
elseif ready.status == "False" then
  hs.status = "Degraded"
end
if message ~= "" then
  hs.message = message
end
return hs

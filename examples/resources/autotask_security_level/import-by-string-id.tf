import {
  to = autotask_security_level.propel
  id = "30400" # or the level's name
}
